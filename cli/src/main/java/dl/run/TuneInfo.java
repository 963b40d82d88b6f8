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
        return with(
                b -> {
                    b.status = RunStatus.RUNNING;
                    b.resumes = all;
                });
    }

    public TuneInfo planned(int trials, long epochs) {
        return with(
                b -> {
                    b.plannedTrials = trials;
                    b.plannedEpochs = epochs;
                });
    }

    public TuneInfo withRounds(List<Round> r) {
        return with(b -> b.rounds = List.copyOf(r));
    }

    /**
     * After a trial: the best so far (kept when {@code trial} is null) and how many are recorded.
     */
    public TuneInfo recorded(Integer trial, BestMetric best, int finished) {
        return with(
                b -> {
                    b.bestTrial = trial != null ? trial : bestTrial;
                    b.bestMetric = trial != null ? best : bestMetric;
                    b.trialsFinished = finished;
                });
    }

    public TuneInfo ended(RunStatus s, String at) {
        return with(
                b -> {
                    b.status = s;
                    b.ended = at;
                });
    }

    public TuneInfo withTest(Test t) {
        return with(b -> b.test = t);
    }

    /** This record with some fields changed: each change above names only what it changes. */
    private TuneInfo with(java.util.function.Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return b.build();
    }

    /** The fields of a TuneInfo, to change a few and build a new one. */
    private static final class Copy {
        RunStatus status;
        String name;
        String started;
        String strategy;
        Long seed;
        Integer parallel;
        List<String> resumes;
        Integer plannedTrials;
        Long plannedEpochs;
        List<Round> rounds;
        Integer bestTrial;
        BestMetric bestMetric;
        Integer trialsFinished;
        String ended;
        Test test;

        Copy(TuneInfo r) {
            status = r.status;
            name = r.name;
            started = r.started;
            strategy = r.strategy;
            seed = r.seed;
            parallel = r.parallel;
            resumes = r.resumes;
            plannedTrials = r.plannedTrials;
            plannedEpochs = r.plannedEpochs;
            rounds = r.rounds;
            bestTrial = r.bestTrial;
            bestMetric = r.bestMetric;
            trialsFinished = r.trialsFinished;
            ended = r.ended;
            test = r.test;
        }

        TuneInfo build() {
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
                    test);
        }
    }
}
