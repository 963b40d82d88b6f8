package dl.data;

/**
 * The four sets of the curriculum's ML strategy: {@code train} is trained on; {@code trainDev} has
 * the training distribution but is never trained on (train → train_dev error is variance, train_dev
 * → dev error is data mismatch); {@code dev} picks models; {@code test} is looked at once. {@code
 * trainDev} (and dev or test asked with size 0) may have no rows.
 */
public record Splits(Dataset train, Dataset trainDev, Dataset dev, Dataset test) {}
