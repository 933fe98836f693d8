/**
 * The {@code pnn4j} command line: {@link org.pnn4j.cli.Main} dispatches the subcommands ({@code demo},
 * {@code datasets}, {@code version}, {@code help}) that the {@code ./pnn4j} launcher script does not handle
 * itself. Exit codes: 0 success, 1 failure (the message says why), 2 a usage error.
 */
package org.pnn4j.cli;
