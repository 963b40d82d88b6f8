package dl.eval.embedding;

import java.util.ArrayList;
import java.util.List;

/**
 * Identification against a gallery: the identity of the nearest gallery embedding, as one-shot
 * accuracy scores it, and whether it is near enough to be that identity at all (at or below the
 * verification threshold) or someone the gallery does not hold.
 */
public final class Gallery {
    private final float[][] embeddings;
    private final String[] identities;
    private final Nearest nearest;

    /**
     * The nearest gallery identity of a query, its distance and whether it is within the threshold.
     */
    public record Match(String identity, double distance, boolean known) {}

    /**
     * @param embeddings one embedding per gallery example
     * @param identities the identity of each, one or more examples per identity
     */
    public Gallery(float[][] embeddings, String[] identities) {
        if (embeddings.length == 0) throw new IllegalArgumentException("an empty gallery");
        if (embeddings.length != identities.length)
            throw new IllegalArgumentException(
                    embeddings.length + " embeddings but " + identities.length + " identities");
        this.embeddings = embeddings;
        this.identities = identities;
        int[] all = new int[embeddings.length];
        for (int i = 0; i < all.length; i++) all[i] = i;
        this.nearest = new Nearest(embeddings, all);
    }

    /** The match of each query: known when its distance is at most {@code threshold}. */
    public List<Match> identify(float[][] queries, double threshold) {
        int[] rows = new int[queries.length];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        int[] at = nearest.of(queries, rows);
        List<Match> out = new ArrayList<>(queries.length);
        for (int i = 0; i < queries.length; i++) {
            double d = PairDistances.distance(queries[i], embeddings[at[i]]);
            out.add(new Match(identities[at[i]], d, d <= threshold));
        }
        return out;
    }
}
