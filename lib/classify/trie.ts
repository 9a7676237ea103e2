/**
 * Phrase trie over word ids. Node 0 is the root. Edges live in one open-addressing table of int arrays keyed by
 * (node, word), so following a word is a hash probe on integers rather than a Map lookup per node; the phrases
 * ending at each node are a slice of one flat array.
 */
const EMPTY = -1;

export class WordTrie {
  private nodes = 1;
  private edgeCount = 0;
  private edgeNode = new Int32Array(1024).fill(EMPTY);
  private edgeWord = new Int32Array(1024);
  private edgeChild = new Int32Array(1024);
  private building: number[][] = [[]];
  /** The root's children by word id: every word of the text is looked up here, so it is a plain array. */
  rootNext = new Int32Array(0);
  /** Phrases ending at node n are `outs[outStart[n] .. outStart[n + 1])`. */
  outStart = new Int32Array(0);
  outs = new Int32Array(0);

  /** Adds a phrase (its word ids) ending in `phrase`. Call `seal` once every phrase and word is in. */
  add(words: number[], phrase: number): void {
    let node = 0;
    for (const word of words) {
      let child = this.child(node, word);
      if (child === EMPTY) {
        child = this.nodes++;
        this.building.push([]);
        this.insert(node, word, child);
      }
      node = child;
    }
    this.building[node]!.push(phrase);
  }

  seal(vocabularySize: number): void {
    this.rootNext = new Int32Array(vocabularySize).fill(EMPTY);
    for (let slot = 0; slot < this.edgeNode.length; slot++) {
      if (this.edgeNode[slot] === 0) this.rootNext[this.edgeWord[slot]!] = this.edgeChild[slot]!;
    }
    this.outStart = new Int32Array(this.nodes + 1);
    const flat: number[] = [];
    for (let n = 0; n < this.nodes; n++) {
      this.outStart[n] = flat.length;
      flat.push(...this.building[n]!);
    }
    this.outStart[this.nodes] = flat.length;
    this.outs = Int32Array.from(flat);
    this.building = [];
  }

  /** The node reached from `node` by `word`, or -1. */
  child(node: number, word: number): number {
    const mask = this.edgeNode.length - 1;
    for (let slot = slotOf(node, word) & mask; ; slot = (slot + 1) & mask) {
      const n = this.edgeNode[slot]!;
      if (n === EMPTY) return EMPTY;
      if (n === node && this.edgeWord[slot] === word) return this.edgeChild[slot]!;
    }
  }

  private insert(node: number, word: number, child: number): void {
    if (++this.edgeCount * 2 > this.edgeNode.length) this.grow();
    this.place(node, word, child);
  }

  private place(node: number, word: number, child: number): void {
    const mask = this.edgeNode.length - 1;
    let slot = slotOf(node, word) & mask;
    while (this.edgeNode[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.edgeNode[slot] = node;
    this.edgeWord[slot] = word;
    this.edgeChild[slot] = child;
  }

  private grow(): void {
    const [nodes, words, children] = [this.edgeNode, this.edgeWord, this.edgeChild];
    this.edgeNode = new Int32Array(nodes.length * 2).fill(EMPTY);
    this.edgeWord = new Int32Array(nodes.length * 2);
    this.edgeChild = new Int32Array(nodes.length * 2);
    for (let i = 0; i < nodes.length; i++) if (nodes[i] !== EMPTY) this.place(nodes[i]!, words[i]!, children[i]!);
  }
}

const slotOf = (node: number, word: number): number => {
  const h = Math.imul(node, 0x9e3779b1) ^ Math.imul(word, 0x85ebca6b);
  return (h ^ (h >>> 16)) >>> 0;
};
