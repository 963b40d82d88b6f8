package dl.board;

import java.util.List;
import java.util.Map;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * report.md as HTML for the run and study pages: GitHub's tables, raw HTML escaped, and the
 * report's relative links (plots/learning_curves.png) pointing at the folder's files under /files/.
 */
final class ReportHtml {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();

    private ReportHtml() {}

    /** The Markdown of the folder with id {@code id} as HTML. */
    static String render(String markdown, String id) {
        HtmlRenderer renderer =
                HtmlRenderer.builder()
                        .extensions(EXTENSIONS)
                        .escapeHtml(true)
                        .sanitizeUrls(true)
                        .attributeProviderFactory(
                                c -> (node, tag, attrs) -> rebase(node, attrs, id))
                        .build();
        return renderer.render(PARSER.parse(markdown));
    }

    private static void rebase(Node node, Map<String, String> attrs, String id) {
        String key = node instanceof Image ? "src" : node instanceof Link ? "href" : null;
        if (key == null) return;
        String url = attrs.get(key);
        if (url == null || url.isEmpty() || url.startsWith("/") || url.startsWith("#")) return;
        if (url.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) return; // http:, mailto: …
        attrs.put(key, Catalog.fileUrl(id, url));
    }
}
