// The Minicoin explorer: one page that renders itself from the node's /api/ JSON and listens to
// /events. Every value is put in the page with textContent, never as HTML: a transaction or a
// peer cannot inject markup. No framework and no build step (docs/explorer.md).
'use strict';

(function () {
  const main = document.getElementById('main');
  const live = document.getElementById('live');
  let lastBlockHash = null;

  // ---- DOM helpers: text only

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) {
        node.setAttribute(key, String(value));
      }
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function link(path, text, cls) {
    return el('a', { href: path, class: cls || null }, text);
  }

  const blockLink = (id, text) => link('/block/' + encodeURIComponent(id), text === undefined ? id : text, 'hash');
  const txLink = (txid, block) => link('/tx/' + encodeURIComponent(txid)
      + (block ? '?block=' + encodeURIComponent(block) : ''), txid, 'hash');
  const addressLink = (address) => address ? link('/address/' + encodeURIComponent(address), address, 'hash') : '—';
  const coins = (value) => value === null || value === undefined ? '—' : Number(value).toLocaleString('en') + ' coins';
  const when = (seconds) => seconds ? new Date(seconds * 1000).toISOString().replace('T', ' ').replace('.000Z', ' UTC') : '—';

  function table(headers, rows, numeric) {
    const head = el('tr', {}, ...headers.map((h, i) => el('th', { class: numeric && numeric.includes(i) ? 'num' : null }, h)));
    const body = rows.map((cells) => el('tr', {}, ...cells.map((c, i) =>
      el('td', { class: numeric && numeric.includes(i) ? 'num' : null }, c))));
    return el('table', {}, el('thead', {}, head), el('tbody', {}, ...body));
  }

  function card(label, value, extra) {
    return el('div', { class: 'card' }, el('div', { class: 'label' }, label), el('div', { class: 'value' }, value), extra || null);
  }

  function details(pairs) {
    const list = el('dl');
    for (const [term, value] of pairs) {
      list.append(el('dt', {}, term), el('dd', {}, value === null || value === undefined ? '—' : value));
    }
    return list;
  }

  function show(...nodes) {
    main.replaceChildren(...nodes);
  }

  async function api(path) {
    const response = await fetch('/api/' + path, { headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => ({ error: 'the node answered ' + response.status }));
    if (!response.ok) throw new Error(body.error || ('the node answered ' + response.status));
    return body;
  }

  // ---- Pages

  async function home() {
    const view = await api('home');
    const sync = view.sync;
    const percent = (sync.progress * 100).toFixed(1);
    const bar = el('div', { class: 'bar' }, el('span', { style: null }));
    bar.firstChild.style.width = percent + '%';
    const mining = view.mining;
    const fresh = lastBlockHash !== null && view.bestHash !== lastBlockHash;
    lastBlockHash = view.bestHash;
    show(
      el('h1', {}, 'Minicoin ', view.network || ''),
      el('div', { class: 'cards' },
        card('Height', view.height < 0 ? 'no genesis' : String(view.height)),
        card('Sync', sync.synced ? 'synced' : percent + ' %', bar),
        card('Mempool', view.mempool.count + ' tx'),
        card('Peers', view.peersRunning ? String(view.peerCount) : 'off'),
        card('Mining', mining ? mining.mode + ' · ' + mining.blocksMined + ' mined' : 'off')),
      el('p', { class: 'note' }, 'Tip ', view.bestHash ? blockLink(view.bestHash) : '—',
        ' · best header seen ', String(sync.bestHeaderSeen)),
      el('h2', {}, 'Latest blocks'),
      view.blocks.length === 0 ? el('p', { class: 'muted' }, 'No blocks yet.') : (() => {
        const t = table(['Height', 'Hash', 'Time', 'Transactions', 'Size'],
          view.blocks.map((b) => [blockLink(b.hash, String(b.height)), blockLink(b.hash), when(b.time), b.txCount, b.size]),
          [3, 4]);
        t.id = 'blocks';
        if (fresh) t.tBodies[0].rows[0].className = 'fresh';
        return t;
      })(),
      el('h2', {}, 'Mempool'),
      el('p', { class: 'note' }, view.mempool.count + ' transactions, ' + view.mempool.bytes + ' bytes'
        + (view.mempool.count > view.mempool.txids.length ? ' (the first ' + view.mempool.txids.length + ' shown)' : '')),
      view.mempool.txids.length === 0 ? el('p', { class: 'muted' }, 'Empty.')
        : table(['Transaction'], view.mempool.txids.map((txid) => [txLink(txid)])),
      el('h2', {}, 'Peers'),
      view.peers.length === 0 ? el('p', { class: 'muted' }, view.peersRunning ? 'No peers connected.' : 'No peer service in this node.')
        : table(['Address', 'Direction', 'Ready', 'Height', 'Ping'],
          view.peers.map((p) => [el('span', { class: 'hash' }, p.address), p.direction, p.ready ? 'yes' : 'no',
            p.startingHeight, p.pingMillis === null || p.pingMillis === undefined ? '—' : p.pingMillis + ' ms']), [3, 4]),
      mining ? el('p', { class: 'note' }, 'Miner: ' + mining.mode + ', ' + mining.threads + ' thread(s), '
        + Math.round(mining.hashrate || 0) + ' hashes/s') : null);
  }

  async function block(id) {
    const b = await api('block/' + encodeURIComponent(id));
    show(
      el('h1', {}, 'Block ', String(b.height)),
      details([['Hash', el('span', { class: 'hash' }, b.hash)], ['Confirmations', b.confirmations],
        ['Previous', b.prevHash && /^0+$/.test(b.prevHash) ? 'none (genesis)' : blockLink(b.prevHash)],
        ['Merkle root', el('span', { class: 'hash' }, b.merkleRoot)], ['Time', when(b.time)], ['Bits', b.bits],
        ['Nonce', b.nonce], ['Size', b.size + ' bytes'], ['Chain work', el('span', { class: 'hash' }, b.chainWork)]]),
      el('h2', {}, b.transactions.length + (b.transactions.length === 1 ? ' transaction' : ' transactions')),
      table(['Transaction', 'Inputs', 'Outputs', 'Paid out', 'Size'],
        b.transactions.map((t) => [el('span', {}, txLink(t.txid, b.hash), t.coinbase ? ' (coinbase)' : ''),
          t.inputs, t.outputs, coins(t.totalOut), t.size]), [1, 2, 3, 4]));
  }

  async function transaction(txid, blockHash) {
    const t = await api('tx/' + encodeURIComponent(txid) + (blockHash ? '?block=' + encodeURIComponent(blockHash) : ''));
    show(
      el('h1', {}, 'Transaction'),
      details([['Txid', el('span', { class: 'hash' }, t.txid)],
        ['Status', t.inMempool ? 'in the mempool, unconfirmed'
          : t.confirmations + (t.confirmations === 1 ? ' confirmation' : ' confirmations')],
        ['Block', t.blockHash ? blockLink(t.blockHash, t.height + ' · ' + t.blockHash) : '—'],
        ['Block time', when(t.blockTime)], ['Size', t.size + ' bytes'], ['Paid out', coins(t.totalOut)]]),
      el('h2', {}, 'Inputs'),
      table(['Spends', 'From'], t.inputs.map((i) => i.coinbase ? ['new coins (coinbase)', '—']
        : [el('span', {}, txLink(i.txid), ' : ' + i.index), addressLink(i.address)])),
      el('h2', {}, 'Outputs'),
      table(['#', 'To', 'Value'], t.outputs.map((o) => [o.index, addressLink(o.address), coins(o.value)]), [0, 2]));
  }

  async function address(addr) {
    const a = await api('address/' + encodeURIComponent(addr));
    show(
      el('h1', {}, 'Address ', el('span', { class: 'hash' }, a.address)),
      el('div', { class: 'cards' },
        el('div', { class: 'card', id: 'balance' }, el('div', { class: 'label' }, 'Balance'),
          el('div', { class: 'value' }, coins(a.confirmed))),
        card('Unconfirmed', coins(a.pending)),
        card('With unconfirmed', coins(a.withUnconfirmed)),
        card('Unspent outputs', String(a.unspent.length))),
      el('h2', {}, 'Unspent outputs'),
      a.unspent.length === 0 ? el('p', { class: 'muted' }, 'None.')
        : table(['Output', 'Height', 'Value'], a.unspent.map((u) => [el('span', {}, txLink(u.txid), ' : ' + u.index),
          u.confirmed ? u.height : 'unconfirmed', coins(u.value)]), [1, 2]),
      el('h2', {}, 'History'),
      el('p', { class: 'note' }, 'The node keeps no address index: this is the mempool and the latest '
        + a.historyBlocks + ' blocks' + (a.historyFromHeight >= 0 ? ' (from height ' + a.historyFromHeight + ')' : '')
        + '. The balance and unspent outputs above are complete.'),
      a.history.length === 0 ? el('p', { class: 'muted' }, 'Nothing in that range.')
        : table(['Transaction', 'Block', 'Received', 'Inputs spent'], a.history.map((h) => [txLink(h.txid, h.blockHash),
          h.height === null ? 'mempool' : blockLink(h.blockHash, String(h.height)), coins(h.received), h.inputsSpent]), [2, 3]));
  }

  // ---- Routing, search and live updates

  function route() {
    const path = location.pathname;
    const params = new URLSearchParams(location.search);
    let match;
    if ((match = path.match(/^\/block\/([^/]+)$/))) return () => block(decodeURIComponent(match[1]));
    if ((match = path.match(/^\/tx\/([^/]+)$/))) return () => transaction(decodeURIComponent(match[1]), params.get('block'));
    if ((match = path.match(/^\/address\/([^/]+)$/))) return () => address(decodeURIComponent(match[1]));
    if (params.get('q')) return () => search(params.get('q'));
    return home;
  }

  async function render() {
    try {
      await route()();
    } catch (e) {
      show(el('div', { class: 'error' }, e.message));
    }
  }

  async function search(text) {
    const found = await api('search?q=' + encodeURIComponent(text.trim()));
    const target = '/' + found.page + '/' + encodeURIComponent(found.id)
      + (found.block ? '?block=' + encodeURIComponent(found.block) : '');
    history.pushState(null, '', target);
    await render();
  }

  document.getElementById('search').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = document.getElementById('q').value;
    if (text.trim()) search(text).catch((e) => show(el('div', { class: 'error' }, e.message)));
  });

  document.addEventListener('click', (event) => {
    const a = event.target.closest('a');
    if (!a || a.origin !== location.origin || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    history.pushState(null, '', a.pathname + a.search);
    render();
  });
  window.addEventListener('popstate', render);

  // A burst of events renders once: a block at once (it should show within a second), transactions
  // at most once a second.
  let pending = null;
  function refreshSoon(delay) {
    if (pending !== null) return;
    pending = setTimeout(() => { pending = null; render(); }, delay);
  }

  function connect() {
    const events = new EventSource('/events');
    events.onopen = () => { live.textContent = 'live'; live.className = 'live'; };
    events.onerror = () => { live.textContent = 'reconnecting'; live.className = 'live off'; };
    events.addEventListener('block', () => refreshSoon(50));
    events.addEventListener('tx', () => refreshSoon(1000));
  }

  render();
  connect();
})();
