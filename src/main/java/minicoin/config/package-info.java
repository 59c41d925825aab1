/**
 * The node's configuration: {@link minicoin.config.NodeConfig} and its records, read from the
 * {@code -conf} file and checked against {@code config-schema.json} ({@link minicoin.config.ConfigSchema}),
 * and {@link minicoin.config.ConfigException} for a configuration that cannot be used.
 *
 * <p>Plain classes read by the launcher and every service; nothing here starts or knows a service.
 */
package minicoin.config;
