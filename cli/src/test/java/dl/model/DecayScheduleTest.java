package dl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dl.spec.TrainSpec.DecayType;
import org.junit.jupiter.api.Test;

class DecayScheduleTest {
    private static double at(DecayType type, double rate, int step, double t) {
        return new DecaySchedule(type, 0.2, rate, step, false, 10).at(t);
    }

    @Test
    void inverseTimeIsAlphaOverOnePlusRateT() {
        // 0.2 / (1 + 0.5·3) = 0.08
        assertEquals(0.08, at(DecayType.INVERSE_TIME, 0.5, 1, 3), 1e-12);
    }

    @Test
    void exponentialIsAlphaTimesRateToTheT() {
        // 0.2 · 0.9^2 = 0.162
        assertEquals(0.162, at(DecayType.EXPONENTIAL, 0.9, 1, 2), 1e-12);
    }

    @Test
    void staircaseDropsEveryStep() {
        // 0.2 · 0.5^floor(5/2) = 0.05, and unchanged inside a step
        assertEquals(0.05, at(DecayType.STAIRCASE, 0.5, 2, 5), 1e-12);
        assertEquals(at(DecayType.STAIRCASE, 0.5, 2, 4), at(DecayType.STAIRCASE, 0.5, 2, 5), 1e-12);
    }

    @Test
    void inverseSqrtIsAlphaOverRootOnePlusT() {
        // 0.2 / sqrt(1 + 3) = 0.1
        assertEquals(0.1, at(DecayType.INVERSE_SQRT, 1, 1, 3), 1e-12);
    }

    @Test
    void cosineGoesFromAlphaToZeroOverTheRun() {
        assertEquals(0.2, at(DecayType.COSINE, 1, 1, 0), 1e-12);
        assertEquals(0.1, at(DecayType.COSINE, 1, 1, 5), 1e-12);
        assertEquals(0.0, at(DecayType.COSINE, 1, 1, 10), 1e-12);
    }

    @Test
    void iterationScheduleCountsIterations() {
        DecaySchedule s = new DecaySchedule(DecayType.INVERSE_TIME, 1.0, 1.0, 1, true, 100);
        assertEquals(0.25, s.valueAt(3, 0), 1e-12);
        assertEquals(
                1.0 / 2,
                new DecaySchedule(DecayType.INVERSE_TIME, 1.0, 1.0, 1, false, 10).valueAt(99, 1),
                1e-12);
    }
}
