package dl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dl.spec.SourceSpec.Level;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    @Test
    void wordsAreLowerCasedAndSplitOnPunctuationKeepingInnerApostrophes() {
        assertEquals(
                List.of("it's", "a", "good", "film", "10", "10"),
                Vocabulary.split("It's a GOOD film: 10/10!", Level.WORD));
        assertEquals(List.of("A", "b", " ", "é"), Vocabulary.split("Ab é", Level.CHAR));
    }

    @Test
    void eosAndUnkComeFirstThenTokensByCountAndRareTokensAreUnknown() {
        Vocabulary v = Vocabulary.build(new String[] {"b a b", "c b a", "d"}, Level.WORD, 2);
        assertEquals(List.of(Vocabulary.EOS, Vocabulary.UNK, "b", "a"), v.tokens());
        // c and d were seen once (min_count 2), zebra never: all <UNK>
        assertArrayEquals(new int[] {2, 3, 1, 1, 1}, v.encode("b a c d zebra", null));
    }

    @Test
    void sequencesLongerThanMaxLengthAreCut() {
        Vocabulary v = Vocabulary.build(new String[] {"abcdef"}, Level.CHAR, 1);
        assertEquals(3, v.encode("abcdef", 3).length);
        assertEquals("abc", v.decode(v.encode("abcdef", 3)));
    }

    @Test
    void survivesTheModelsMetaData() throws Exception {
        Vocabulary v = Vocabulary.build(new String[] {"hello world", "world"}, Level.WORD, 1);
        Vocabulary back = Vocabulary.fromJson(dl.run.Json.MAPPER.readTree(v.toJson().toString()));
        assertEquals(v.tokens(), back.tokens());
        assertEquals("world hello", back.decode(back.encode("World, hello!", null)));
    }
}
