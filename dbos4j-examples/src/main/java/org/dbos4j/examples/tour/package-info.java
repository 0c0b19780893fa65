/**
 * The README's five-minute tour as a program. Each code block of the tour is a region of these
 * files between {@code // tour:start <name>} and {@code // tour:end <name>}, and {@code
 * ReadmeTourTest} checks that the README shows exactly those regions, so the tour always compiles.
 */
package org.dbos4j.examples.tour;
