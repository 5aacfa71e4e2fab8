/**
 * Internals of the tokenpress serdes: envelope wire formats, codec selection, chunk parsing. Not public API:
 * these classes may change without notice.
 */
package io.tokenpress.serdes.internals;
