/// The JSON the till's page and its API exchange (under `/api/`): one file per request or
/// view, `TillAPI+Name.swift`. Amounts are strings with two decimals (``Money``), times are
/// `dd/mm/aaaa hh:mm` in Panama time for display, errors are `{"error": {"code", "message"}}`
/// as the server's API answers them.
package enum TillAPI {}
