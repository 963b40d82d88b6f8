package dl.data;

import com.fasterxml.jackson.databind.JsonNode;
import dl.run.Json;
import dl.spec.SourceSpec.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokens of a text source, built from the training split only: id 0 is {@code <EOS>} (end of a
 * sequence; a language model also reads it as the start), id 1 is {@code <UNK>} (a token not in the
 * vocabulary, or seen fewer than {@code min_count} times in train), then the tokens by falling
 * count, ties alphabetical.
 *
 * <p>{@code level: char} keeps every character as it is; {@code level: word} lower-cases and splits
 * into runs of letters, digits and inner apostrophes (as Keras' Tokenizer does), so punctuation is
 * dropped.
 */
public final class Vocabulary {
    public static final String EOS = "<EOS>";
    public static final String UNK = "<UNK>";
    public static final int EOS_ID = 0;
    public static final int UNK_ID = 1;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}\\p{N}]+)*");

    private final Level level;
    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();

    public Vocabulary(Level level, List<String> tokens) {
        this.level = level;
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < this.tokens.size(); i++) ids.put(this.tokens.get(i), i);
    }

    /** The vocabulary of these (training) texts. */
    public static Vocabulary build(String[] texts, Level level, int minCount) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String t : texts) {
            for (String token : split(t, level)) counts.merge(token, 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= minCount && !e.getKey().equals(EOS) && !e.getKey().equals(UNK))
                kept.add(e);
        }
        kept.sort(
                Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()));
        List<String> tokens = new ArrayList<>(kept.size() + 2);
        tokens.add(EOS);
        tokens.add(UNK);
        for (Map.Entry<String, Integer> e : kept) tokens.add(e.getKey());
        return new Vocabulary(level, tokens);
    }

    /** The tokens of one text at this level. */
    public static List<String> split(String text, Level level) {
        List<String> out = new ArrayList<>();
        if (level == Level.CHAR) {
            text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        } else {
            Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
            while (m.find()) out.add(m.group());
        }
        return out;
    }

    /**
     * Token ids of a text, unknown tokens as {@code <UNK>}, cut after {@code maxLength} tokens
     * (null: no cut).
     */
    public int[] encode(String text, Integer maxLength) {
        List<String> parts = split(text, level);
        int n = maxLength == null ? parts.size() : Math.min(parts.size(), maxLength);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = ids.getOrDefault(parts.get(i), UNK_ID);
        return out;
    }

    /** The text of token ids: characters joined as they are, words with spaces. */
    public String decode(int[] tokenIds) {
        StringBuilder b = new StringBuilder();
        for (int id : tokenIds) {
            if (level == Level.WORD && b.length() > 0) b.append(' ');
            b.append(tokens.get(id));
        }
        return b.toString();
    }

    public int id(String token) {
        return ids.getOrDefault(token, UNK_ID);
    }

    public int size() {
        return tokens.size();
    }

    public List<String> tokens() {
        return tokens;
    }

    public Level level() {
        return level;
    }

    /** What a saved model keeps of the vocabulary: the level and the tokens by id. */
    public record State(String level, List<String> tokens) {}

    public JsonNode toJson() {
        return Json.tree(new State(level.name().toLowerCase(Locale.ROOT), tokens));
    }

    public static Vocabulary fromJson(JsonNode json) {
        State st = Json.fromTree(json, State.class);
        return new Vocabulary(Level.valueOf(st.level().toUpperCase(Locale.ROOT)), st.tokens());
    }
}
