/**
 * `npm run bench:canvas`: builds the app, serves it on a free loopback port, opens generated workflows
 * of 100 / 1,000 / 5,000 nodes in headless Chromium and prints time to first render and frames per
 * second while panning the view and while dragging one step. Goals from the canvas issue: 1,000 nodes
 * render in < 1 s and pan at ≥ 30 fps.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../test/support/ports.ts';
import { chromium, type Page } from '@playwright/test';
import { Workflow, type WorkflowEdge, type WorkflowNode } from '../src/domain/index.ts';
import { chromiumArgs } from '../playwright.config.ts';

const SIZES = [100, 1_000, 5_000];
const PAN_MOVES = 120;
const DRAG_MOVES = 120;
/** Where the drag lets go, right of where it started, to check that the step (not the view) moved. */
const DRAG_END = 80;
const outDir = '.test-output/bench-canvas';

async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - start > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A tree of alternating conditions and functions under one trigger, laid out on a grid. */
export function generateWorkflow(size: number): Workflow {
  const nodes: WorkflowNode[] = [];
  const edges: WorkflowEdge[] = [];
  const positions: Record<string, { x: number; y: number }> = {};
  const columns = Math.ceil(Math.sqrt(size) * 1.5);
  for (let i = 0; i < size; i++) {
    const id = `n${i}`;
    positions[id] = { x: (i % columns) * 260, y: Math.floor(i / columns) * 160 };
    if (i === 0) {
      nodes.push({ id, type: 'trigger', config: { module: 'Contacts', events: ['create', 'edit'], changedFields: [] } });
      continue;
    }
    if (i % 2 === 1)
      nodes.push({
        id,
        type: 'condition',
        config: { match: 'all', rules: [{ field: 'Email', op: 'is_not_empty', value: '', value2: '', values: [] }] },
      });
    else
      nodes.push({
        id,
        type: 'function',
        config: { name: `Step ${i}`, kind: 'deluge', script: 'info input;', connections: {}, arguments: [] },
      });
    const parent = nodes[Math.floor((i - 1) / 2)];
    if (!parent) continue;
    edges.push({
      id: `e${i}`,
      source: parent.id,
      target: id,
      ...(parent.type === 'condition' ? { branch: i % 2 === 1 ? ('true' as const) : ('false' as const) } : {}),
    });
  }
  const now = Date.now();
  return Workflow.parse({
    id: `wf_bench${String(size).padStart(6, '0')}`,
    name: `Bench ${size}`,
    schemaVersion: 2,
    nodes,
    edges,
    layout: { nodes: positions },
    revision: 0,
    createdAt: now,
    updatedAt: now,
  });
}

async function insert(page: Page, workflow: Workflow): Promise<void> {
  await page.evaluate(async (row) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('workflow-builder');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction('workflows', 'readwrite');
    tx.objectStore('workflows').put(row);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, workflow);
}

/** From the route change to the first frame that shows a measured node. */
async function firstRender(page: Page, id: string): Promise<number> {
  return page.evaluate(
    (hash) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        location.hash = hash;
        const tick = () => {
          const node = document.querySelector<HTMLElement>('.svelte-flow__node');
          if (node && node.offsetWidth > 0 && getComputedStyle(node).visibility !== 'hidden') resolve(performance.now() - start);
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    `#/workflows/${id}`,
  );
}

interface FrameStats {
  fps: number;
  worstFrameMs: number;
  renderedNodes: number;
}

async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__frames = [];
    w.__recording = true;
    const tick = (t: number) => {
      if (!w.__recording) return;
      w.__frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

function stopRecording(page: Page): Promise<FrameStats> {
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__recording = false;
    const frames = w.__frames;
    const first = frames[0] ?? 0;
    const last = frames[frames.length - 1] ?? first;
    let worst = 0;
    for (let i = 1; i < frames.length; i++) worst = Math.max(worst, (frames[i] ?? 0) - (frames[i - 1] ?? 0));
    return {
      fps: last > first ? ((frames.length - 1) * 1000) / (last - first) : 0,
      worstFrameMs: worst,
      renderedNodes: document.querySelectorAll('.svelte-flow__node').length,
    };
  });
}

/** Presses at `start`, moves the pointer around a loop and lets go `end` pixels right of `start`, recording frames meanwhile. */
async function circle(page: Page, start: { x: number; y: number }, moves: number, radius: { x: number; y: number }, end = 0): Promise<FrameStats> {
  await startRecording(page);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 0; i < moves; i++) {
    const phase = (i / moves) * Math.PI * 4;
    await page.mouse.move(start.x + Math.sin(phase) * radius.x, start.y + (Math.cos(phase) - 1) * radius.y);
  }
  await page.mouse.move(start.x + end, start.y);
  await page.mouse.up();
  return stopRecording(page);
}

async function panFps(page: Page): Promise<FrameStats> {
  const pane = await page.locator('.svelte-flow__pane').boundingBox();
  if (!pane) throw new Error('canvas pane not found');
  // Start the drag on empty canvas: pressing on a step would move the step instead of the view.
  const start = await page.evaluate((box) => {
    for (let fy = 0.5; fy < 0.95; fy += 0.05)
      for (let fx = 0.5; fx < 0.95; fx += 0.05) {
        const x = box.x + box.width * fx;
        const y = box.y + box.height * fy;
        if (document.elementFromPoint(x, y)?.classList.contains('svelte-flow__pane')) return { x, y };
      }
    return null;
  }, pane);
  if (!start) throw new Error('no empty spot on the canvas to start panning from');
  return circle(page, start, PAN_MOVES, { x: 300, y: 150 });
}

/** Drags the step nearest the middle of the canvas around a loop; the step moves, the view does not. */
async function dragFps(page: Page): Promise<FrameStats> {
  const found = await page.evaluate(() => {
    const pane = document.querySelector('.svelte-flow__pane')?.getBoundingClientRect();
    if (!pane) return null;
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 2;
    let best: { id: string; x: number; y: number; d: number } | null = null;
    for (const node of document.querySelectorAll<HTMLElement>('.svelte-flow__node')) {
      const kind = node.querySelector('.kind')?.getBoundingClientRect();
      if (!kind || kind.width === 0) continue;
      const x = kind.left + kind.width / 2;
      const y = kind.top + kind.height / 2;
      if (document.elementFromPoint(x, y)?.closest('.svelte-flow__node') !== node) continue;
      const d = Math.hypot(x - cx, y - cy);
      if (!best || d < best.d) best = { id: node.dataset.id ?? '', x, y, d };
    }
    return best;
  });
  if (!found) throw new Error('no step on screen to drag');
  const node = page.locator(`.svelte-flow__node[data-id="${found.id}"]`);
  const view = () => page.locator('.svelte-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  const [viewBefore, before] = [await view(), await node.boundingBox()];
  const stats = await circle(page, found, DRAG_MOVES, { x: 120, y: 60 }, DRAG_END);
  const [viewAfter, after] = [await view(), await node.boundingBox()];
  const moved = (after?.x ?? 0) - (before?.x ?? 0);
  if (viewAfter !== viewBefore || moved < DRAG_END / 2)
    throw new Error(`the drag moved the view (${viewBefore} → ${viewAfter}) or not the step (${moved.toFixed(0)} px)`);
  return stats;
}

async function main(): Promise<void> {
  execFileSync('npx', ['vite', 'build', '--outDir', outDir, '--logLevel', 'warn'], { stdio: 'inherit' });
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      stdio: 'ignore',
    },
  );
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  try {
    await waitForHttp(`${origin}/`);
    console.log('Canvas: open a generated workflow, pan it, then drag one step (headless Chromium, 1280×800)');
    console.log(
      `${'nodes'.padStart(7)} ${'first render'.padStart(14)} ${'pan fps'.padStart(9)} ${'worst frame'.padStart(12)} ${'drag fps'.padStart(9)} ${'worst frame'.padStart(12)} ${'nodes in DOM'.padStart(13)}`,
    );
    for (const size of SIZES) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      // tsx keeps function names with an `__name` helper that does not exist inside the page.
      await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
      const page = await context.newPage();
      await page.goto(`${origin}/#/workflows`);
      await page.getByRole('heading', { name: 'Workflows', exact: true }).waitFor();
      const workflow = generateWorkflow(size);
      await insert(page, workflow);
      const renderMs = await firstRender(page, workflow.id);
      await page.waitForTimeout(500);
      const pan = await panFps(page);
      await page.waitForTimeout(300);
      const drag = await dragFps(page);
      console.log(
        `${size.toLocaleString('en').padStart(7)} ${`${renderMs.toFixed(0)} ms`.padStart(14)} ${pan.fps.toFixed(1).padStart(9)} ${`${pan.worstFrameMs.toFixed(0)} ms`.padStart(12)} ${drag.fps.toFixed(1).padStart(9)} ${`${drag.worstFrameMs.toFixed(0)} ms`.padStart(12)} ${String(pan.renderedNodes).padStart(13)}`,
      );
      await context.close();
    }
    console.log('Goals: 1,000 nodes first render < 1000 ms, panning ≥ 30 fps; dragging a step as smooth as panning.');
  } finally {
    await browser.close();
    server.kill();
  }
}

await main();
