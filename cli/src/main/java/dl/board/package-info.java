/**
 * `dl board`: a read-only web dashboard of the run and tune folders, served on localhost by the
 * JDK's HTTP server. A JSON API under /api/ reads the folders as they are on disk (no database, no
 * second copy); static pages (resources dl/board/) draw it with uPlot from its WebJar. Also the
 * table of `dl runs`, which reads run and tune folders alike and so sits above tune.
 */
package dl.board;
