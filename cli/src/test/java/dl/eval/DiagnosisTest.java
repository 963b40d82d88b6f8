package dl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DiagnosisTest {
    @Test
    void gapsFollowTheCurriculumsFormulas() {
        // human 1%, train 8%, train-dev 10%, dev 20%, test 21%
        Diagnosis d = new Diagnosis(0.01, 0.08, 0.10, 0.20, 0.21);
        assertEquals(0.07, d.avoidableBias(), 1e-12);
        assertEquals(0.02, d.variance(), 1e-12);
        assertEquals(0.10, d.dataMismatch(), 1e-12);
        assertEquals(0.01, d.devOverfit(), 1e-12);
        assertEquals(Diagnosis.Gap.DATA_MISMATCH, d.largest());
    }

    @Test
    void withoutTrainDevVarianceIsDevMinusTrain() {
        Diagnosis d = new Diagnosis(null, 0.02, null, 0.15, null);
        assertEquals(0.13, d.variance(), 1e-12);
        assertNull(d.dataMismatch());
        assertEquals(Diagnosis.Gap.VARIANCE, d.largest());
        assertTrue(d.text(true).contains("No eval.human_error is set"));
    }

    @Test
    void underfittingIsAvoidableBias() {
        Diagnosis d = new Diagnosis(0.05, 0.45, null, 0.47, null);
        assertEquals(Diagnosis.Gap.AVOIDABLE_BIAS, d.largest());
        assertTrue(d.text(true).contains("bigger network"), d.text(true));
    }

    @Test
    void surpassingHumanLevelTakesAvoidableBiasOutOfTheRunning() {
        Diagnosis d = new Diagnosis(0.165, 0.08, 0.10, 0.11, null);
        assertTrue(d.surpassedHuman());
        assertEquals(Diagnosis.Gap.VARIANCE, d.largest());
        assertTrue(d.text(true).startsWith("Surpassed human-level performance"), d.text(true));
        assertFalse(new Diagnosis(0.01, 0.08, null, 0.1, null).surpassedHuman());
    }
}
