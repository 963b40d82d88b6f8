package dl.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** tune.json: a study's settings and standing, rewritten after every trial. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TuneInfo(
        RunStatus status,
        String name,
        String started,
        String strategy,
        Long seed,
        Integer parallel,
        List<String> resumes,
        Integer plannedTrials,
        Long plannedEpochs,
        List<Round> rounds,
        Integer bestTrial,
        BestMetric bestMetric,
        Integer trialsFinished,
        String ended,
        Test test) {

    public static TuneInfo start(
            String name, String started, String strategy, Long seed, Integer parallel) {
        return new TuneInfo(
                RunStatus.RUNNING,
                name,
                started,
                strategy,
                seed,
                parallel,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** A coarse-to-fine round and the range of each parameter in it: [low, high] or the options. */
    public record Round(int round, Map<String, List<Object>> ranges) {}

    /** The best trial on test, evaluated once after the search. */
    public record Test(Integer trial, int examples, Map<String, Double> metrics) {}

    public TuneInfo resumed(String at) {
        List<String> all = new ArrayList<>(resumes == null ? List.of() : resumes);
        all.add(at);
        return new TuneInfo(
                RunStatus.RUNNING,
                name,
                started,
                strategy,
                seed,
                parallel,
                all,
                plannedTrials,
                plannedEpochs,
                rounds,
                bestTrial,
                bestMetric,
                trialsFinished,
                ended,
                test);
    }

    public TuneInfo planned(int trials, long epochs) {
        return new TuneInfo(
                status,
                name,
                started,
                strategy,
                seed,
                parallel,
                resumes,
                trials,
                epochs,
                rounds,
                bestTrial,
                bestMetric,
                trialsFinished,
                ended,
                test);
    }

    public TuneInfo withRounds(List<Round> r) {
        return new TuneInfo(
                status,
                name,
                started,
                strategy,
                seed,
                parallel,
                resumes,
                plannedTrials,
                plannedEpochs,
                List.copyOf(r),
                bestTrial,
                bestMetric,
                trialsFinished,
                ended,
                test);
    }

    /**
     * After a trial: the best so far (kept when {@code trial} is null) and how many are recorded.
     */
    public TuneInfo recorded(Integer trial, BestMetric best, int finished) {
        return new TuneInfo(
                status,
                name,
                started,
                strategy,
                seed,
                parallel,
                resumes,
                plannedTrials,
                plannedEpochs,
                rounds,
                trial != null ? trial : bestTrial,
                trial != null ? best : bestMetric,
                finished,
                ended,
                test);
    }

    public TuneInfo ended(RunStatus s, String at) {
        return new TuneInfo(
                s,
                name,
                started,
                strategy,
                seed,
                parallel,
                resumes,
                plannedTrials,
                plannedEpochs,
                rounds,
                bestTrial,
                bestMetric,
                trialsFinished,
                at,
                test);
    }

    public TuneInfo withTest(Test t) {
        return new TuneInfo(
                status,
                name,
                started,
                strategy,
                seed,
                parallel,
                resumes,
                plannedTrials,
                plannedEpochs,
                rounds,
                bestTrial,
                bestMetric,
                trialsFinished,
                ended,
                t);
    }
}
