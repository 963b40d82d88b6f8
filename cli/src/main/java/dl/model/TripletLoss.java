package dl.model;

import dl.spec.TrainSpec.Mining;
import java.util.Objects;

/**
 * FaceNet's triplet loss with online mining inside each batch ({@link TripletMining}), as a DL4J
 * loss function: M2.1 has none. Its bean properties are what a saved model's configuration records
 * (DL4J's JSON mapper reads and writes getters and setters, not fields).
 */
public final class TripletLoss extends BatchLoss {
    private double margin;
    private Mining mining;

    /** For DL4J's JSON reader. */
    public TripletLoss() {}

    public TripletLoss(double margin, Mining mining) {
        this.margin = margin;
        this.mining = mining;
    }

    public double getMargin() {
        return margin;
    }

    public void setMargin(double margin) {
        this.margin = margin;
    }

    public Mining getMining() {
        return mining;
    }

    public void setMining(Mining mining) {
        this.mining = mining;
    }

    @Override
    public Value value(double[][] e, int[] labels) {
        TripletMining.Result r = TripletMining.loss(e, labels, margin, mining);
        // each chosen triplet's share of the batch loss is charged to its anchor
        double[] per = new double[e.length];
        if (!r.triplets().isEmpty()) {
            double share = (double) e.length / r.triplets().size();
            for (TripletMining.Triplet t : r.triplets()) per[t.anchor()] += share * t.loss();
        }
        return new Value(r.loss(), r.gradient(), per);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TripletLoss t && t.margin == margin && t.mining == mining;
    }

    @Override
    public int hashCode() {
        return Objects.hash(margin, mining);
    }

    @Override
    public String toString() {
        return "TripletLoss(margin=" + margin + ", mining=" + mining.yamlName() + ")";
    }
}
