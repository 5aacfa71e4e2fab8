package io.tokenpress.serdes.registry;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API tokenpress uses, for Avro schemas. Any registry that
 * speaks that API works: Confluent Schema Registry, Apicurio ({@code /apis/ccompat/v7}), Karapace, Redpanda.
 *
 * <p>Implementations cache what never changes (a schema by id, the id of a registered schema) and are
 * thread-safe.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject} (a no-op returning the existing id if it is already
     * registered there).
     *
     * @return the registry-wide schema id
     * @throws SchemaRegistryException if the registry refuses (e.g. incompatible schema, error 409) or cannot
     *     be reached
     */
    int register(String subject, Schema schema);

    /**
     * The schema with registry-wide id {@code id}.
     *
     * @throws SchemaRegistryException if no schema has that id (error 40403), it is not Avro, or the registry
     *     cannot be reached
     */
    Schema schemaById(int id);

    /**
     * The id of {@code schema} as registered under {@code subject}, without registering it.
     *
     * @throws SchemaRegistryException if the subject (40401) or the schema in it (40403) is not found, or the
     *     registry cannot be reached
     */
    int lookup(String subject, Schema schema);

    /**
     * Whether {@code schema} is compatible with the latest version under {@code subject}, by the subject's
     * compatibility level. A subject with no versions accepts any schema.
     *
     * @throws SchemaRegistryException if the registry cannot answer
     */
    boolean isCompatible(String subject, Schema schema);

    @Override
    default void close() {}
}
