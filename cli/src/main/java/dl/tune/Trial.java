package dl.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One configuration of a study.
 *
 * @param id 1-based, also its folder trials/NNNN
 * @param group "random", "grid", "round 2", "bracket 3"
 * @param groupIndex 0-based round or bracket, for the plot's colours
 * @param values hyperparameter path → sampled value
 * @param epochs the epochs it is trained to (hyperband raises it on promotion)
 */
record Trial(int id, String group, int groupIndex, Map<String, Object> values, int epochs) {
    Trial withEpochs(int e) {
        return new Trial(id, group, groupIndex, values, e);
    }

    /** The trials of a group's samples, ids from {@code firstId} on. */
    static List<Trial> numbered(
            List<Map<String, Object>> samples,
            int firstId,
            String group,
            int groupIndex,
            int epochs) {
        List<Trial> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++)
            out.add(new Trial(firstId + i, group, groupIndex, samples.get(i), epochs));
        return out;
    }
}
