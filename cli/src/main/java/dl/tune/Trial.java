package dl.tune;

import java.util.Map;

/**
 * One configuration of a study.
 *
 * @param id         1-based, also its folder trials/NNNN
 * @param group      "random", "grid", "round 2", "bracket 3"
 * @param groupIndex 0-based round or bracket, for the plot's colours
 * @param values     hyperparameter path → sampled value
 * @param epochs     the epochs it is trained to (hyperband raises it on promotion)
 */
record Trial(int id, String group, int groupIndex, Map<String, Object> values, int epochs) {
    Trial withEpochs(int e) {
        return new Trial(id, group, groupIndex, values, e);
    }
}
