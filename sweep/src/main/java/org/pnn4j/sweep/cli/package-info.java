/**
 * The {@code ./pnn4j sweep FILE...} command and {@code ./pnn4j reproduce vowels|phyll|noise --sweep}: the launcher
 * dispatches both here, so the kernel's command line carries no Spark.
 */
package org.pnn4j.sweep.cli;
