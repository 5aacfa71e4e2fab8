/**
 * Model stores that need Kafka: {@link io.tokenpress.serdes.models.KafkaModelStore}, a compacted topic
 * holding model artifacts, their float weights and the active-model pointer.
 */
package io.tokenpress.serdes.models;
