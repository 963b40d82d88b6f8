/**
 * Datasets as DL4J tensors in a model's input encoding, and a model's inference on them: what
 * training feeds to {@code fit} and what evaluation, prediction and sampling read back, kept below
 * both so neither needs the other. Also the bound on the native memory that arrays made outside
 * DL4J's workspaces hold.
 */
package dl.tensor;
