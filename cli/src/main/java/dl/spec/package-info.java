/**
 * The config file as immutable records, one per YAML section, with their defaults and one binder
 * that collects every error with its YAML path. No DL4J here.
 */
package dl.spec;
