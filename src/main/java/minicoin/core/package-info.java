/**
 * The immutable data of Minicoin and the rules that need no chain: headers, blocks, transactions,
 * their one canonical binary codec and JSON views, Merkle roots, compact-bits targets and work,
 * consensus parameters, context-free validation, and builders for coinbases, genesis blocks and
 * signed payments.
 *
 * <p>It knows nothing of Vert.x, storage or the network. Rules that need the chain (spent outputs,
 * the retarget schedule, median time) live in {@code minicoin.chain}.
 */
package minicoin.core;
