package dl.model;

import dl.spec.LayerSpec;
import dl.spec.LayerSpec.Act;
import dl.spec.LayerSpec.Arch;
import dl.spec.LayerSpec.Padding;
import dl.spec.YamlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * `preset {arch: ...}`: a published architecture as plain layer records, up to (not including) its
 * classifier, sized to the input image. The config follows it with `{type: output}`.
 *
 * <p>Published parameter counts (with a 1000-class output on 224×224×3, or 10 classes on 32×32×1
 * for LeNet-5) are matched within 1%; DL4J counts four numbers per batch-norm channel (γ, β and the
 * running mean and variance) where papers count two, and every convolution has a bias.
 *
 * <ul>
 *   <li>{@code lenet5} (LeCun et al. 1998): conv 5×5×6, avg-pool 2, conv 5×5×16, avg-pool 2, dense
 *       120, dense 84, tanh. The first convolution is "valid" on inputs of 32 and more, else padded
 *       ("same"): 28×28 MNIST gets the published 5×5×16 = 400 features, as the classic MNIST LeNet
 *       (which pads the digits to 32×32).
 *   <li>{@code alexnet}: the single-tower AlexNet of torchvision ("One weird trick", Krizhevsky
 *       2014): filters 64/192/384/256/256, 11×11 stride 4, max-pool 3 stride 2, dropout 0.5, dense
 *       4096-4096: 61.1M parameters. The 2012 two-GPU filters 96/256/384/384/256 merged into one
 *       tower give 62.4M (2.3% above the published 61M; the two-GPU original's 61.0M needs grouped
 *       convolutions). No local response normalization.
 *   <li>{@code vgg16} (configuration D): 13 3×3 convolutions, 5 max-pools 2, dense 4096-4096 with
 *       dropout 0.5: 138.4M.
 *   <li>{@code resnet18} / {@code resnet50} (He et al. 2015): 7×7/2 convolution, batch norm,
 *       max-pool 3/2, four stages of basic (3×3, 3×3) or bottleneck (1×1, 3×3, 1×1 ×4) residual
 *       blocks with batch norm after each convolution, a projection shortcut where the shape
 *       changes (stride 2 on the 3×3 convolution, as torchvision), global average pooling. The
 *       projection shortcut is a 1×1 convolution without batch norm. The stem's max-pool is "valid"
 *       (112 → 55 where torchvision pads to 56); the last stage is 7×7 either way.
 *   <li>{@code inception}: GoogLeNet (Szegedy et al. 2014) without the auxiliary classifiers and
 *       local response normalization: stem conv 7×7/2 64, max-pool 3/2, conv 1×1 64, conv 3×3 192,
 *       max-pool 3/2, inception modules 3a 3b, max-pool, 4a-4e, max-pool, 5a 5b (each four
 *       branches: 1×1; 1×1 → 3×3; 1×1 → 5×5; 3×3 max-pool → 1×1, concatenated; named 3a … 5b),
 *       global average pooling, dropout 0.4. Its stride-2 max-pools are "valid", so the modules see
 *       27, 13 and 6 pixels on 224×224 where the paper's padded pools give 28, 14 and 7.
 * </ul>
 *
 * <p>Small inputs: a pooling window larger than what is left of the image is left out (VGG-16 on
 * 28×28 keeps 4 of its 5 pools, 28 → 14 → 7 → 3 → 1), and strided convolutions are "same"
 * (ceil(size / stride)), so no preset shrinks an image below 1×1; the dense layers then read fewer
 * features than at the native size.
 */
public final class Presets {
    private Presets() {}

    /** The layers of `arch` for a channels × height × width input. */
    public static List<LayerSpec> expand(Arch arch, int channels, int height, int width) {
        Plan p = new Plan(Math.min(height, width));
        switch (arch) {
            case LENET5 -> lenet5(p);
            case ALEXNET -> alexnet(p);
            case VGG16 -> vgg16(p);
            case RESNET18 -> resnet(p, new int[] {2, 2, 2, 2}, false);
            case RESNET50 -> resnet(p, new int[] {3, 4, 6, 3}, true);
            case INCEPTION -> inception(p);
        }
        return List.copyOf(p.layers);
    }

    private static void lenet5(Plan p) {
        // valid where that leaves at least the published 28×28 and 10×10 maps, else padded
        p.conv(6, 5, 1, p.size - 4 >= 28 ? Padding.VALID : Padding.SAME, Act.TANH);
        p.avgPool(2, 2);
        p.conv(16, 5, 1, p.size - 4 >= 10 ? Padding.VALID : Padding.SAME, Act.TANH);
        p.avgPool(2, 2);
        p.add(new LayerSpec.Flatten(null, null));
        p.dense(120, Act.TANH);
        p.dense(84, Act.TANH);
    }

    private static void alexnet(Plan p) {
        p.conv(64, 11, 4, Padding.SAME, Act.RELU);
        p.maxPool(3, 2);
        p.conv(192, 5, 1, Padding.SAME, Act.RELU);
        p.maxPool(3, 2);
        p.conv(384, 3, 1, Padding.SAME, Act.RELU);
        p.conv(256, 3, 1, Padding.SAME, Act.RELU);
        p.conv(256, 3, 1, Padding.SAME, Act.RELU);
        p.maxPool(3, 2);
        p.add(new LayerSpec.Flatten(null, null));
        p.dropout(0.5);
        p.dense(4096, Act.RELU);
        p.dropout(0.5);
        p.dense(4096, Act.RELU);
    }

    private static void vgg16(Plan p) {
        int[][] stages = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
        for (int[] stage : stages) {
            for (int filters : stage) p.conv(filters, 3, 1, Padding.SAME, Act.RELU);
            p.maxPool(2, 2);
        }
        p.add(new LayerSpec.Flatten(null, null));
        p.dense(4096, Act.RELU);
        p.dropout(0.5);
        p.dense(4096, Act.RELU);
        p.dropout(0.5);
    }

    private static void resnet(Plan p, int[] blocks, boolean bottleneck) {
        p.conv(64, 7, 2, Padding.SAME, Act.LINEAR);
        p.add(batchNorm());
        p.add(new LayerSpec.Activation(Act.RELU, null, null, null));
        p.maxPool(3, 2);
        int channels = 64;
        for (int stage = 0; stage < blocks.length; stage++) {
            int width = 64 << stage;
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                Plan r = new Plan(p.size);
                if (bottleneck) {
                    r.conv(width, 1, 1, Padding.SAME, Act.LINEAR).add(batchNorm()).add(relu());
                    r.conv(width, 3, stride, Padding.SAME, Act.LINEAR).add(batchNorm()).add(relu());
                    r.conv(width * 4, 1, 1, Padding.SAME, Act.LINEAR).add(batchNorm());
                } else {
                    r.conv(width, 3, stride, Padding.SAME, Act.LINEAR).add(batchNorm()).add(relu());
                    r.conv(width, 3, 1, Padding.SAME, Act.LINEAR).add(batchNorm());
                }
                int out = bottleneck ? width * 4 : width;
                LayerSpec.Shortcut shortcut =
                        stride != 1 || out != channels
                                ? LayerSpec.Shortcut.PROJECTION
                                : LayerSpec.Shortcut.IDENTITY;
                p.add(
                        new LayerSpec.Residual(
                                List.copyOf(r.layers), shortcut, Act.RELU, null, null));
                p.size = r.size;
                channels = out;
            }
        }
        p.add(new LayerSpec.GlobalPool(LayerSpec.Pool.AVG, null, null));
    }

    private static void inception(Plan p) {
        p.conv(64, 7, 2, Padding.SAME, Act.RELU);
        p.maxPool(3, 2);
        p.conv(64, 1, 1, Padding.SAME, Act.RELU);
        p.conv(192, 3, 1, Padding.SAME, Act.RELU);
        p.maxPool(3, 2);
        p.add(module("3a", 64, 96, 128, 16, 32, 32));
        p.add(module("3b", 128, 128, 192, 32, 96, 64));
        p.maxPool(3, 2);
        p.add(module("4a", 192, 96, 208, 16, 48, 64));
        p.add(module("4b", 160, 112, 224, 24, 64, 64));
        p.add(module("4c", 128, 128, 256, 24, 64, 64));
        p.add(module("4d", 112, 144, 288, 32, 64, 64));
        p.add(module("4e", 256, 160, 320, 32, 128, 128));
        p.maxPool(3, 2);
        p.add(module("5a", 256, 160, 320, 32, 128, 128));
        p.add(module("5b", 384, 192, 384, 48, 128, 128));
        p.add(new LayerSpec.GlobalPool(LayerSpec.Pool.AVG, null, null));
        p.dropout(0.6);
    }

    /**
     * An inception module: 1×1; 1×1 → 3×3; 1×1 → 5×5; 3×3 max-pool (stride 1) → 1×1; concatenated.
     * Keeps the size.
     */
    private static LayerSpec.Parallel module(
            String name, int n1, int r3, int n3, int r5, int n5, int poolProj) {
        return new LayerSpec.Parallel(
                List.of(
                        List.of(conv(n1, 1, 1)),
                        List.of(conv(r3, 1, 1), conv(n3, 3, 1)),
                        List.of(conv(r5, 1, 1), conv(n5, 5, 1)),
                        List.of(new LayerSpec.MaxPool(3, 1, null, null), conv(poolProj, 1, 1))),
                name,
                null);
    }

    private static LayerSpec.Conv2d conv(int filters, int kernel, int stride) {
        return new LayerSpec.Conv2d(
                filters, kernel, stride, Padding.SAME, Act.RELU, null, null, null);
    }

    private static LayerSpec batchNorm() {
        return new LayerSpec.BatchNorm(null, null, null, null);
    }

    private static LayerSpec relu() {
        return new LayerSpec.Activation(Act.RELU, null, null, null);
    }

    /** Layers with the image size they leave behind (the smaller of height and width). */
    private static final class Plan {
        final List<LayerSpec> layers = new ArrayList<>();
        int size;

        Plan(int size) {
            this.size = size;
        }

        Plan add(LayerSpec l) {
            layers.add(l);
            return this;
        }

        Plan conv(int filters, int kernel, int stride, Padding padding, Act act) {
            layers.add(
                    new LayerSpec.Conv2d(filters, kernel, stride, padding, act, null, null, null));
            size =
                    padding == Padding.SAME
                            ? (size + stride - 1) / stride
                            : (size - kernel) / stride + 1;
            return this;
        }

        /** Left out where the window no longer fits: no preset shrinks an image below 1×1. */
        void maxPool(int window, int stride) {
            if (size < window) return;
            layers.add(new LayerSpec.MaxPool(window, stride, null, null));
            size = (size - window) / stride + 1;
        }

        void avgPool(int window, int stride) {
            if (size < window) return;
            layers.add(new LayerSpec.AvgPool(window, stride, null, null));
            size = (size - window) / stride + 1;
        }

        void dense(int units, Act act) {
            layers.add(new LayerSpec.Dense(units, act, null, null, null));
        }

        void dropout(double keepProb) {
            layers.add(new LayerSpec.Dropout(keepProb, null, null));
        }
    }

    /**
     * The layers as YAML, one flow-style line per layer, blocks in block style: what `dl validate`
     * prints for a preset.
     */
    public static String yaml(List<LayerSpec> layers) {
        StringBuilder b = new StringBuilder();
        write(layers, "", b);
        return b.toString();
    }

    private static void write(List<LayerSpec> layers, String indent, StringBuilder b) {
        for (LayerSpec l : layers) {
            if (l instanceof LayerSpec.Residual r) {
                b.append(indent).append("- type: residual\n");
                if (r.name() != null)
                    b.append(indent).append("  name: ").append(r.name()).append('\n');
                b.append(indent)
                        .append("  shortcut: ")
                        .append(r.shortcut().yamlName())
                        .append('\n');
                b.append(indent)
                        .append("  activation: ")
                        .append(r.activation().yamlName())
                        .append('\n');
                b.append(indent).append("  layers:\n");
                write(r.layers(), indent + "    ", b);
            } else if (l instanceof LayerSpec.Parallel p) {
                b.append(indent).append("- type: parallel\n");
                if (p.name() != null)
                    b.append(indent).append("  name: ").append(p.name()).append('\n');
                b.append(indent).append("  branches:\n");
                for (List<LayerSpec> branch : p.branches()) {
                    b.append(indent)
                            .append("    - [")
                            .append(String.join(", ", branch.stream().map(Presets::flow).toList()))
                            .append("]\n");
                }
            } else {
                b.append(indent).append("- ").append(flow(l)).append('\n');
            }
        }
    }

    /**
     * One layer as a YAML flow mapping, without the keys that do not apply (alpha without
     * leaky_relu / elu).
     */
    static String flow(LayerSpec l) {
        return flowValue(YamlWriter.plain(l));
    }

    private static String flowValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            Object act = m.get("activation");
            boolean alpha = "leaky_relu".equals(act) || "elu".equals(act);
            List<String> parts = new ArrayList<>();
            m.forEach(
                    (k, x) -> {
                        if (alpha || !"alpha".equals(k)) parts.add(k + ": " + flowValue(x));
                    });
            return "{" + String.join(", ", parts) + "}";
        }
        if (v instanceof List<?> list)
            return "[" + String.join(", ", list.stream().map(Presets::flowValue).toList()) + "]";
        return String.valueOf(v);
    }
}
