package dl.spec;

import java.nio.file.Path;

/**
 * Data paths are relative to the config file; the resolved config (in the run folder) holds them
 * absolute.
 */
public final class Paths {
    private Paths() {}

    public static String absolute(Path baseDir, String path) {
        return path == null ? null : baseDir.resolve(path).toAbsolutePath().normalize().toString();
    }

    public static ExperimentSpec absolute(ExperimentSpec spec, Path baseDir) {
        DataSpec d = spec.data();
        ModelSpec m = spec.model();
        ExperimentSpec withModel =
                m.fromRun() == null
                        ? spec
                        : spec.withModel(
                                new ModelSpec(
                                        m.input(),
                                        m.init(),
                                        m.layers(),
                                        absolute(baseDir, m.fromRun()),
                                        m.freezeUntil()));
        return withModel.withData(
                new DataSpec(
                        absolute(d.train(), baseDir),
                        absolute(d.dev(), baseDir),
                        absolute(d.test(), baseDir),
                        d.split(),
                        d.normalize(),
                        d.augment()));
    }

    static SourceSpec absolute(SourceSpec s, Path base) {
        if (s instanceof SourceSpec.Csv c) {
            return new SourceSpec.Csv(
                    absolute(base, c.path()),
                    c.label(),
                    c.features(),
                    c.exclude(),
                    c.header(),
                    c.skip(),
                    c.delimiter(),
                    c.text(),
                    c.level(),
                    c.maxLength(),
                    c.minCount(),
                    c.limit(),
                    c.classes(),
                    c.images() == null ? null : absolute(base, c.images()));
        }
        if (s instanceof SourceSpec.Idx i) {
            return new SourceSpec.Idx(
                    absolute(base, i.images()), absolute(base, i.labels()), i.limit(), i.classes());
        }
        if (s instanceof SourceSpec.Images im) {
            return new SourceSpec.Images(
                    absolute(base, im.path()),
                    im.height(),
                    im.width(),
                    im.channels(),
                    im.limit(),
                    im.classes());
        }
        if (s instanceof SourceSpec.Voc v) {
            return new SourceSpec.Voc(absolute(base, v.path()), v.classes(), v.limit());
        }
        if (s instanceof SourceSpec.Text t) {
            return new SourceSpec.Text(
                    absolute(base, t.path()), t.level(), t.minCount(), t.maxLength(), t.limit());
        }
        return s;
    }
}
