/**
 * Neural style transfer (`dl style`): a fixed network (random filters, a conv model trained by dl,
 * or VGG-16 from DL4J's zoo file) as SameDiff ops whose only variable is the image G; the content
 * and style costs of the course; Adam on the pixels; the run folder's images, metrics, report and
 * checkpoint. Sits above eval (its figures) and below cli.
 */
package dl.style;
