package dl.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** tune.json: a study's settings and standing, rewritten after every trial. */
@JsonFile
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
        return TuneInfoBuilder.builder()
                .status(RunStatus.RUNNING)
                .name(name)
                .started(started)
                .strategy(strategy)
                .seed(seed)
                .parallel(parallel)
                .build();
    }

    /** A coarse-to-fine round and the range of each parameter in it: [low, high] or the options. */
    public record Round(int round, Map<String, List<Object>> ranges) {}

    /** The best trial on test, evaluated once after the search. */
    public record Test(Integer trial, int examples, Map<String, Double> metrics) {}

    public TuneInfo resumed(String at) {
        List<String> all = new ArrayList<>(resumes == null ? List.of() : resumes);
        all.add(at);
        return copy().status(RunStatus.RUNNING).resumes(all).build();
    }

    public TuneInfo planned(int trials, long epochs) {
        return copy().plannedTrials(trials).plannedEpochs(epochs).build();
    }

    public TuneInfo withRounds(List<Round> r) {
        return copy().rounds(List.copyOf(r)).build();
    }

    /**
     * After a trial: the best so far (kept when {@code trial} is null) and how many are recorded.
     */
    public TuneInfo recorded(Integer trial, BestMetric best, int finished) {
        return copy().bestTrial(trial != null ? trial : bestTrial)
                .bestMetric(trial != null ? best : bestMetric)
                .trialsFinished(finished)
                .build();
    }

    public TuneInfo ended(RunStatus s, String at) {
        return copy().status(s).ended(at).build();
    }

    public TuneInfo withTest(Test t) {
        return copy().test(t).build();
    }

    /** This record's fields, to change a few: each change above names only what it changes. */
    private TuneInfoBuilder copy() {
        return TuneInfoBuilder.builder(this);
    }
}
