/**
 * picocli commands: parse, call a service, map the result to an exit code. Also the table of `dl
 * runs`, which reads run and tune folders alike and so sits above both.
 */
package dl.cli;
