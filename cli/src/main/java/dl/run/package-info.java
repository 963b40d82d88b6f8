/**
 * The run folder: file names in one place, run.json, provenance, atomic writes, saved models.
 *
 * <p>run.json and tune.json change a few fields at a time: their {@code RunInfoBuilder} and {@code
 * TuneInfoBuilder} are generated at compile time (record-builder).
 */
@RecordBuilder.Include({RunInfo.class, TuneInfo.class})
package dl.run;

import io.soabase.recordbuilder.core.RecordBuilder;
