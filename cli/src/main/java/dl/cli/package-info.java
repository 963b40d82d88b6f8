/** picocli commands: parse, call a service, map the result to an exit code. */
package dl.cli;
