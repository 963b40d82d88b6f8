package dl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.spec.ConfigException;
import dl.spec.DataSpec.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitterTest {

    /** n examples whose only feature is their row number; class of row i is labels[i]. */
    private static Dataset labelled(int[] labels, int classes) {
        int n = labels.length;
        float[][] x = new float[n][];
        String[] origin = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = new float[] {i};
            origin[i] = "row#" + i;
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("k" + c);
        }
        return Dataset.of(x, labels, names, List.of("f"), origin, new int[] {1});
    }

    /** 60% class 0, 30% class 1, 10% class 2. */
    private static Dataset skewed(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int r = i % 10;
            y[i] = r < 6 ? 0 : r < 9 ? 1 : 2;
        }
        return labelled(y, 3);
    }

    private static Split split(
            double dev, double test, double trainDev, boolean stratify, boolean shuffle) {
        return new Split(dev, test, trainDev, stratify, shuffle);
    }

    private static int[] counts(Dataset d) {
        int[] counts = new int[d.classNames().size()];
        for (int y : d.y()) {
            counts[y]++;
        }
        return counts;
    }

    private static int[] rows(Dataset d) {
        return Arrays.stream(d.x()).mapToInt(r -> (int) r[0]).toArray();
    }

    @Test
    void stratifiedSplitKeepsClassProportions() {
        Splits s = Splitter.split(skewed(1000), null, null, split(0.1, 0.2, 0.05, true, true), 42);
        assertArrayEquals(new int[] {120, 60, 20}, counts(s.test()));
        assertArrayEquals(new int[] {60, 30, 10}, counts(s.dev()));
        assertArrayEquals(new int[] {30, 15, 5}, counts(s.trainDev()));
        assertArrayEquals(new int[] {390, 195, 65}, counts(s.train()));
    }

    @Test
    void stratifiedSizesAreExactWhenProportionsDoNotDivide() {
        Splits s = Splitter.split(skewed(97), null, null, split(0.13, 11, 0, true, true), 3);
        assertEquals(11, s.test().size());
        assertEquals(13, s.dev().size());
        assertEquals(73, s.train().size());
        for (Dataset part : List.of(s.test(), s.dev())) {
            int[] c = counts(part);
            double share = (double) c[0] / part.size();
            assertTrue(Math.abs(share - 0.6) < 0.1, Arrays.toString(c));
        }
    }

    @Test
    void splitsAreDisjointAndCoverTheTrainingSource() {
        for (boolean stratify : new boolean[] {true, false}) {
            Splits s =
                    Splitter.split(
                            skewed(200), null, null, split(0.1, 0.1, 0.1, stratify, true), 9);
            Set<Integer> seen = new HashSet<>();
            for (Dataset part : List.of(s.train(), s.trainDev(), s.dev(), s.test())) {
                for (int r : rows(part)) {
                    assertTrue(seen.add(r), "row " + r + " is in two sets");
                }
            }
            assertEquals(200, seen.size());
        }
    }

    @Test
    void sameSeedSameSplit() {
        Dataset data = skewed(300);
        Split spec = split(0.1, 0.1, 0.05, true, true);
        Splits a = Splitter.split(data, null, null, spec, 7);
        Splits b = Splitter.split(data, null, null, spec, 7);
        Splits c = Splitter.split(data, null, null, spec, 8);
        assertArrayEquals(rows(a.train()), rows(b.train()));
        assertArrayEquals(rows(a.dev()), rows(b.dev()));
        assertArrayEquals(rows(a.test()), rows(b.test()));
        assertArrayEquals(rows(a.trainDev()), rows(b.trainDev()));
        assertFalse(Arrays.equals(rows(a.test()), rows(c.test())));
    }

    @Test
    void withoutShuffleSetsAreCarvedInOrder() {
        Splits s = Splitter.split(skewed(20), null, null, split(3, 2, 1, false, false), 7);
        assertArrayEquals(new int[] {0, 1}, rows(s.test()));
        assertArrayEquals(new int[] {2, 3, 4}, rows(s.dev()));
        assertArrayEquals(new int[] {5}, rows(s.trainDev()));
        assertEquals(14, s.train().size());
    }

    @Test
    void countAndFractionSizes() {
        Splits s = Splitter.split(skewed(400), null, null, split(0.15, 25, 1, false, true), 1);
        assertEquals(60, s.dev().size());
        assertEquals(25, s.test().size());
        assertEquals(1, s.trainDev().size());
        assertEquals(314, s.train().size());
        Splits none = Splitter.split(skewed(400), null, null, split(0, 0, 0, true, true), 1);
        assertEquals(400, none.train().size());
        assertEquals(0, none.dev().size());
        assertEquals(0, none.trainDev().size());
    }

    @Test
    void separateDevAndTestSourcesAreUsedAsTheyAre() {
        Dataset train = skewed(100);
        Dataset dev = skewed(30);
        Dataset test = skewed(40);
        Splits s = Splitter.split(train, dev, test, split(0.1, 0.1, 0.1, true, true), 1);
        assertEquals(90, s.train().size());
        assertEquals(10, s.trainDev().size());
        assertSame(dev.x(), s.dev().x());
        assertEquals(40, s.test().size());
    }

    @Test
    void separateSourceClassesAreRenumberedToTrain() {
        Dataset train = labelled(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0}, 3);
        Dataset dev =
                Dataset.of(
                        new float[][] {{1}, {2}},
                        new int[] {0, 1},
                        List.of("k2", "k0"),
                        List.of("f"),
                        new String[2],
                        new int[] {1});
        Splits s = Splitter.split(train, dev, null, split(0.1, 0.1, 0, true, true), 1);
        assertArrayEquals(new int[] {2, 0}, s.dev().y());
        assertEquals(train.classNames(), s.dev().classNames());

        Dataset stranger =
                Dataset.of(
                        new float[][] {{1}},
                        new int[] {0},
                        List.of("k9"),
                        List.of("f"),
                        new String[1],
                        new int[] {1});
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () ->
                                Splitter.split(
                                        train, null, stranger, split(0.1, 0.1, 0, true, true), 1));
        assertEquals(
                "data.test: class 'k9' is not in the training data (classes: k0, k1, k2)",
                e.getMessage());
    }

    @Test
    void separateSourceFeaturesLineUpByName() {
        Dataset train =
                Dataset.of(
                        new float[][] {{1, 0, 1}, {2, 1, 0}},
                        new int[] {0, 1},
                        List.of("a", "b"),
                        List.of("size", "zip=north", "zip=south"),
                        new String[2],
                        new int[] {3});
        Dataset dev =
                Dataset.of(
                        new float[][] {{1, 5}},
                        new int[] {0},
                        List.of("a"),
                        List.of("zip=south", "size"),
                        new String[1],
                        new int[] {2});
        Splits s = Splitter.split(train, dev, null, split(0, 0, 0, false, false), 1);
        assertArrayEquals(new float[][] {{5, 0, 1}}, s.dev().x());

        Dataset east =
                Dataset.of(
                        new float[][] {{1, 5}},
                        new int[] {0},
                        List.of("a"),
                        List.of("zip=east", "size"),
                        new String[1],
                        new int[] {2});
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> Splitter.split(train, east, null, split(0, 0, 0, false, false), 1));
        assertEquals(
                "data.dev: feature 'zip=east' is not in the training source (a category the training data never has)",
                e.getMessage());
    }

    @Test
    void aSetThatRoundsToNothingIsAnError() {
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () ->
                                Splitter.split(
                                        skewed(40),
                                        null,
                                        null,
                                        split(0.01, 0.1, 0, true, true),
                                        1));
        assertEquals(
                "data.split.dev: 0.01 of 40 examples is 0 examples; ask for at least one, or 0 for no dev set",
                e.getMessage());
    }

    @Test
    void setsThatLeaveNoTrainingDataAreErrors() {
        ConfigException tooMany =
                assertThrows(
                        ConfigException.class,
                        () ->
                                Splitter.split(
                                        skewed(40), null, null, split(30, 20, 0, true, true), 1));
        assertEquals(
                "data.split.dev: asks for 30 examples but only 20 of the training source's 40 are left after test (20)",
                tooMany.getMessage());
        ConfigException all =
                assertThrows(
                        ConfigException.class,
                        () ->
                                Splitter.split(
                                        skewed(40), null, null, split(20, 20, 0, true, true), 1));
        assertTrue(
                all.getMessage()
                        .startsWith(
                                "data.split.dev: test (20) + dev (20) + train_dev (0) take all 40 examples"),
                all.getMessage());
    }

    @Test
    void aClassWithNoTrainingExampleIsAnError() {
        // class k1 has a single example, and an unshuffled test set of one takes it
        Dataset data = labelled(new int[] {1, 0, 0, 0, 0, 0}, 2);
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> Splitter.split(data, null, null, split(0, 1, 0, false, false), 1));
        assertEquals(
                "data.split.test: leaves no training example of class 'k1' (it has 1 in all);"
                        + " ask for smaller sets, or leave the class out with `classes:`",
                e.getMessage());
    }

    @Test
    void regressionAndMultilabelAreNotStratified() {
        float[][] x = new float[50][1];
        float[][] t = new float[50][1];
        Dataset regression =
                DatasetBuilder.builder()
                        .x(x)
                        .targets(t)
                        .classNames(List.of("price"))
                        .featureNames(List.of("f"))
                        .origin(new String[50])
                        .shape(new int[] {1})
                        .build();
        Splits s = Splitter.split(regression, null, null, split(0.2, 0.2, 0, true, true), 1);
        assertEquals(30, s.train().size());
        assertEquals(10, s.dev().targets().length);
    }

    /** 20 identities of 5 examples each, identity by identity. */
    private static Dataset identities() {
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) y[i] = i / 5;
        return labelled(y, 20);
    }

    private static Split byClass(double dev, double test, double trainDev) {
        return new Split(Split.By.CLASS, dev, test, trainDev, true, true);
    }

    private static Set<Integer> identitiesOf(Dataset d) {
        Set<Integer> s = new HashSet<>();
        for (int y : d.y()) s.add(y);
        return s;
    }

    @Test
    void splitByClassNeverPutsAnIdentityIntoTwoSplits() {
        for (long seed = 1; seed <= 5; seed++) {
            Splits s = Splitter.split(identities(), null, null, byClass(0.15, 0.2, 0.1), seed);
            // fractions count identities: 20 · 0.2 = 4 for test, 20 · 0.15 = 3 for dev
            assertEquals(4, identitiesOf(s.test()).size());
            assertEquals(3, identitiesOf(s.dev()).size());
            assertEquals(20, s.test().size());
            assertEquals(15, s.dev().size());
            Set<Integer> train = identitiesOf(s.train());
            train.addAll(identitiesOf(s.trainDev()));
            assertEquals(13, train.size());
            List<Set<Integer>> held = List.of(identitiesOf(s.test()), identitiesOf(s.dev()), train);
            for (int a = 0; a < 3; a++) {
                for (int b = a + 1; b < 3; b++) {
                    Set<Integer> both = new HashSet<>(held.get(a));
                    both.retainAll(held.get(b));
                    assertTrue(both.isEmpty(), "seed " + seed + ": identities " + both);
                }
            }
            // train_dev holds examples of training identities: seen people, unseen pictures
            assertTrue(identitiesOf(s.train()).containsAll(identitiesOf(s.trainDev())));
            assertEquals(100, s.train().size() + s.trainDev().size() + 35);
        }
        Splits a = Splitter.split(identities(), null, null, byClass(0.15, 0.2, 0), 1);
        Splits b = Splitter.split(identities(), null, null, byClass(0.15, 0.2, 0), 2);
        assertFalse(identitiesOf(a.test()).equals(identitiesOf(b.test())), "the seed draws");
    }

    @Test
    void splitByClassAskingForMoreIdentitiesThanThereAreGivesTheCounts() {
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> Splitter.split(identities(), null, null, byClass(30, 5, 0), 1));
        assertEquals(
                List.of(
                        "data.split.dev: asks for 30 identities but only 15 of the training"
                                + " source's 20 are left after test (5)"),
                e.problems());
        e =
                assertThrows(
                        ConfigException.class,
                        () -> Splitter.split(identities(), null, null, byClass(10, 10, 0), 1));
        assertEquals(
                List.of(
                        "data.split.dev: test (10) + dev (10) take all 20 identities of the"
                                + " training source and leave none to train on"),
                e.problems());
    }
}
