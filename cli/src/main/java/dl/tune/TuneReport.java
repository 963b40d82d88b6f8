package dl.tune;

import dl.eval.SearchPlot;
import dl.run.AtomicFiles;
import dl.run.TuneFolder;
import dl.run.TuneInfo;
import dl.spec.ExperimentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tune folder's report.md (leaderboard, ranges per round, the best config) and plots/search.png.
 */
final class TuneReport {
    private static final int LEADERBOARD = 15;

    private TuneReport() {}

    static void write(
            TuneFolder folder,
            ExperimentSpec base,
            Collection<TrialRecord> records,
            SearchSpace space,
            String metric,
            boolean higher,
            List<TuneInfo.Round> rounds,
            TuneInfo info) {
        List<TrialRecord> all = new ArrayList<>(records);
        List<Integer> ranked =
                TrialResult.rank(all.stream().map(TrialRecord::result).toList(), higher);
        Map<Integer, TrialRecord> byId = new LinkedHashMap<>();
        for (TrialRecord r : all) byId.put(r.trial().id(), r);
        StringBuilder md =
                new StringBuilder("# ")
                        .append(base.name())
                        .append(": ")
                        .append(base.search().strategy().yamlName())
                        .append(" search\n\n");
        long failed = all.stream().filter(TrialRecord::failed).count();
        md.append(
                String.format(
                        Locale.ROOT,
                        "Status **%s**; %d of %s trials recorded (%d failed); objective: dev %s (%s is better)%s; "
                                + "the test split is never evaluated during the search.%n%n",
                        info.status(),
                        all.size(),
                        info.plannedTrials(),
                        failed,
                        metric,
                        higher ? "higher" : "lower",
                        base.eval().satisficing() != null
                                ? ", after the satisficing constraints"
                                : ""));
        if (info.test() != null) {
            md.append("Best trial on test (evaluated once, by `dl eval`): ")
                    .append(info.test().metrics())
                    .append("\n\n");
        }
        md.append("## Leaderboard\n\n| rank | trial | group |");
        for (String p : space.paths()) md.append(" ").append(TrialCsv.shortName(p)).append(" |");
        md.append(" dev ")
                .append(metric)
                .append(" | train ")
                .append(metric)
                .append(" | epochs | parameters | acceptable |\n|---|---|---|");
        md.append("---|".repeat(space.paths().size())).append("---:|---:|---:|---:|---|\n");
        for (int i = 0; i < Math.min(LEADERBOARD, ranked.size()); i++) {
            TrialRecord r = byId.get(ranked.get(i));
            if (r.failed()) continue;
            md.append("| ")
                    .append(i + 1)
                    .append(" | ")
                    .append(r.trial().id())
                    .append(" | ")
                    .append(r.trial().group())
                    .append(" |");
            for (String p : space.paths()) {
                Object v = r.trial().values().get(p);
                md.append(" ")
                        .append(
                                v instanceof Double d
                                        ? String.format(Locale.ROOT, "%.3g", d)
                                        : SearchSpace.format(v))
                        .append(" |");
            }
            md.append(
                    String.format(
                            Locale.ROOT,
                            " %.4f | %.4f | %d | %,d | %s |%n",
                            r.devMetric(),
                            r.trainMetric(),
                            r.epochs(),
                            r.parameters(),
                            r.acceptable() ? "yes" : "no"));
        }
        md.append('\n');
        if (!rounds.isEmpty()) {
            md.append("## Ranges per round\n\n");
            for (TuneInfo.Round round : rounds) {
                md.append("- round ").append(round.round()).append(": ");
                List<String> parts = new ArrayList<>();
                round.ranges().forEach((k, v) -> parts.add("`" + k + "` " + v));
                md.append(String.join(", ", parts)).append('\n');
            }
            md.append('\n');
        }
        if (failed > 0) {
            md.append("## Failed trials\n\n");
            for (TrialRecord r : all)
                if (r.failed())
                    md.append("- trial ")
                            .append(r.trial().id())
                            .append(": ")
                            .append(r.reason())
                            .append('\n');
            md.append('\n');
        }
        if (Files.isRegularFile(folder.bestYaml())) {
            try {
                md.append(
                                "## Best config (`best.yaml`: `dl train best.yaml` retrains it)\n\n```yaml\n")
                        .append(Files.readString(folder.bestYaml()))
                        .append("```\n\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        plot(folder, base, all, space, metric);
        md.append("![search](plots/search.png)\n");
        AtomicFiles.writeString(folder.report(), md.toString());
    }

    private static void plot(
            TuneFolder folder,
            ExperimentSpec base,
            List<TrialRecord> all,
            SearchSpace space,
            String metric) {
        List<Map<String, Object>> values = new ArrayList<>();
        double[] m = new double[all.size()];
        int[] group = new int[all.size()];
        Map<String, Boolean> log = new LinkedHashMap<>();
        for (String p : space.paths()) log.put(p, space.logScale(p));
        for (int i = 0; i < all.size(); i++) {
            values.add(all.get(i).trial().values());
            m[i] = all.get(i).failed() ? Double.NaN : all.get(i).devMetric();
            group[i] = all.get(i).trial().groupIndex();
        }
        String groupName =
                switch (base.search().strategy()) {
                    case COARSE_TO_FINE -> "round";
                    case HYPERBAND -> "bracket";
                    default -> "trials";
                };
        SearchPlot.write(
                folder.searchPng(),
                base.name() + ": dev " + metric + " per hyperparameter",
                metric,
                space.paths(),
                log,
                values,
                m,
                group,
                groupName);
    }
}
