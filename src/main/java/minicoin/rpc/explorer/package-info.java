/**
 * The block explorer the node serves on its RPC host and port (docs/explorer.md): {@code GET /} and
 * the block, transaction and address pages, their JSON under {@code /api/}, and a live feed of new
 * blocks and transactions as server-sent events from the event bus.
 *
 * <p>Read-only by construction: {@link minicoin.rpc.explorer.ExplorerQueries} sends only a fixed
 * set of read-only bus requests and never reaches the RPC dispatcher or the wallet, so the pages
 * need no token; {@link minicoin.rpc.explorer.HostCheck} refuses other host names (DNS rebinding).
 * The view models ({@link minicoin.rpc.explorer.ExplorerViews}) are plain functions of JSON; the
 * page (HTML, CSS and a small script in {@code src/main/resources/minicoin/explorer}) renders them
 * as text, never as HTML.
 */
package minicoin.rpc.explorer;
