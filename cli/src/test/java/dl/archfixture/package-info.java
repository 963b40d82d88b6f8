/**
 * Test-only: two packages that use each other, so ArchitectureTest can show that its rules report a
 * cycle.
 */
package dl.archfixture;
