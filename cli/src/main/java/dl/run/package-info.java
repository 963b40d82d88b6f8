/** The run folder: file names in one place, run.json, provenance, atomic writes, saved models. */
package dl.run;
