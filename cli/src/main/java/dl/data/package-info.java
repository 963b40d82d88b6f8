/**
 * Sources, splits, normalizers, augmentation, iterators: everything between the {@code data:}
 * section of a config and the arrays a model trains on.
 *
 * <p>Plain Java arrays only (no DL4J here), so every step can be tested without a backend and its
 * output compared exactly. User mistakes in a source, its files or the split are a {@link
 * dl.spec.ConfigException} whose lines name the YAML key, or the file, line and column.
 */
package dl.data;
