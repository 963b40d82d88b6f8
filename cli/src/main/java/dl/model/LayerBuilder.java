package dl.model;

import dl.spec.LayerSpec;

/** Adds one layer `type` to the graph. */
@FunctionalInterface
public interface LayerBuilder<S extends LayerSpec> {
    /**
     * @param spec the layer's config
     * @param path its YAML path, for errors (model.layers[2])
     */
    void add(S spec, String path, GraphContext ctx);
}
