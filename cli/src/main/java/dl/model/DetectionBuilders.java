package dl.model;

import dl.spec.ConfigException;
import dl.spec.LayerSpec;
import dl.spec.LayerSpec.Act;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@code yolo} head: a linear 1×1 convolution to {@code boxes × (5 + classes)} channels, then
 * DL4J's {@code Yolo2OutputLayer} (YOLOv2's loss; its activations are sigmoid x, y within the cell,
 * anchor × exp for w, h in cells, sigmoid confidence and a softmax over classes, per anchor and
 * cell). The grid is the shape the backbone leaves: one cell per output position.
 */
final class DetectionBuilders {
    private DetectionBuilders() {}

    static void register() {
        LayerBuilders.register(LayerSpec.Yolo.class, DetectionBuilders::yolo);
    }

    static void yolo(LayerSpec.Yolo y, String path, GraphContext ctx) {
        if (ctx.shape().task() != dl.spec.ExperimentSpec.Task.DETECTION) {
            throw new ConfigException(
                    path
                            + ": a yolo layer needs task: detection (boxes in the data), the task is "
                            + ctx.shape().task().yamlName());
        }
        String[] inputs = ctx.inputsOf(y);
        if (inputs.length != 1) {
            throw new ConfigException(path + ".from: a yolo layer reads one layer");
        }
        InputType in = ctx.typeOf(inputs[0]);
        InputType.InputTypeConvolutional image;
        if (in instanceof InputType.InputTypeConvolutional c) {
            image = c;
        } else if (in instanceof InputType.InputTypeConvolutionalFlat f) {
            image =
                    (InputType.InputTypeConvolutional)
                            InputType.convolutional(f.getHeight(), f.getWidth(), f.getDepth());
        } else {
            throw new ConfigException(
                    path
                            + ": a yolo layer reads an image-shaped layer (conv2d, pool), found "
                            + ModelSummary.shapeOf(in));
        }
        int gridH = (int) image.getHeight();
        int gridW = (int) image.getWidth();
        int classes = ctx.shape().outputs();
        double[][] anchors;
        if (y.anchors().auto()) {
            if (ctx.shape().anchors() == null) {
                throw new ConfigException(
                        path + ".anchors: auto needs the training boxes; give [[w, h], ...]");
            }
            anchors = ctx.shape().anchors().anchors(gridH, gridW, y.boxes());
        } else {
            anchors = y.anchors().sizes().toArray(new double[0][]);
            if (anchors.length != y.boxes()) {
                throw new ConfigException(
                        path
                                + ".boxes: "
                                + y.boxes()
                                + " boxes per cell, but anchors lists "
                                + anchors.length);
            }
        }
        int channels = anchors.length * (5 + classes);
        String name = ctx.nameFor(y);
        // linear: the yolo layer applies its own sigmoid / exp / softmax to each channel
        Layer head =
                CnnBuilders.conv2d(
                        channels,
                        1,
                        1,
                        true,
                        Activations.of(Act.LINEAR, 0),
                        Activations.init(ctx.spec().model().init(), Act.LINEAR));
        InputType headType = ctx.outputType(head, in);
        ctx.addLayer(ctx.uniqueName(name + "_conv"), head, headType, inputs);
        Layer out =
                new Yolo2OutputLayer.Builder()
                        .boundingBoxPriors(Nd4j.create(anchors))
                        .lambdaCoord(y.lambdaCoord())
                        .lambdaNoObj(y.lambdaNoobj())
                        .build();
        String conv = ctx.current();
        ctx.addLayer(name, out, ctx.outputType(out, headType), conv);
        ctx.head(new DetectionHead(gridH, gridW, classes, anchors));
    }
}
