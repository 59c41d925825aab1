/**
 * Mining: {@link minicoin.mining.Miner} solves a block template with a multi-threaded midstate
 * nonce search (rolling the coinbase extra nonce when a template's nonces run out), and
 * {@link minicoin.mining.MinerVerticle} decides when to mine (pool-full, continuous, off, or on a
 * {@code mining.generate} request), fetches templates from the chain and submits solutions over
 * the event bus.
 *
 * <p>It builds no templates of its own (the chain does, from its tip and mempool) and validates
 * nothing: a solved block goes to {@code chain.submitBlock} like any peer's block.
 */
package minicoin.mining;
