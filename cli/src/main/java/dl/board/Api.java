package dl.board;

import dl.board.Board.Reply;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON API (docs/board.md): runs, run, metrics, studies, study, files, compare, report. Each
 * folder is named by its id, {@code ?id=LABEL/FOLDER}; an id that names nothing served is 404.
 */
final class Api {
    private final Catalog catalog;

    Api(Catalog catalog) {
        this.catalog = catalog;
    }

    Reply answer(String endpoint, List<Map.Entry<String, String>> query) {
        String id = first(query, "id");
        return switch (endpoint) {
            case "runs" -> Reply.json(catalog.runs());
            case "studies" -> Reply.json(catalog.studies());
            case "run" -> found(id, catalog.run(id));
            case "metrics" -> found(id, catalog.metrics(id, from(query)));
            case "study" -> found(id, catalog.study(id));
            case "files" -> found(id, catalog.files(id));
            case "report" -> found(id, catalog.report(id).map(html -> Map.of("html", html)));
            case "compare" -> compare(query);
            default -> Reply.notFound("no such endpoint: /api/" + endpoint);
        };
    }

    private Reply compare(List<Map.Entry<String, String>> query) {
        List<String> ids =
                query.stream()
                        .filter(e -> e.getKey().equals("id"))
                        .map(Map.Entry::getValue)
                        .toList();
        if (ids.size() < 2) return Reply.error(400, "compare needs two ids or more: ?id=A&id=B");
        return found(String.join(", ", ids), catalog.compare(ids));
    }

    private static Reply found(String id, Optional<?> answer) {
        if (id == null) return Reply.error(400, "missing ?id=");
        return answer.<Reply>map(Reply::json).orElseGet(() -> Reply.notFound("not served: " + id));
    }

    private static int from(List<Map.Entry<String, String>> query) {
        String f = first(query, "from");
        try {
            return f == null ? 0 : Integer.parseInt(f);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String first(List<Map.Entry<String, String>> query, String name) {
        return query.stream()
                .filter(e -> e.getKey().equals(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }
}
