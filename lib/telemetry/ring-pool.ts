// Storage for the window's ring buffers: blocks of a few hundred points cut from shared slabs, instead
// of two typed arrays (each with its own ArrayBuffer and malloc'd backing store) per series. At 71,000
// series that per-array overhead, and the malloc fragmentation left by rings outgrowing their first
// sizes, cost about 80 MB of RSS on top of the points themselves (measured in a bare Node process:
// separate arrays +302 MB, slabs +225 MB for the same 71,000 × 384 points).
//
// Blocks come in size classes (rounded up to 16, 64 or 256 points); a class keeps slabs of about 64k
// points. A freed block goes back to its slab; a slab whose blocks are all free is dropped, so the
// small blocks every ring starts with do not stay reserved once the rings have grown.

const SLAB_POINTS = 65_536;

export type TSlab = {
  /** Two views of one buffer: point p's Int32 time offset is word 2p, its Float32 value word 2p + 1. */
  readonly ts: Int32Array;
  readonly vals: Float32Array;
  /** Points the slab holds. */
  readonly points: number;
  readonly blockSize: number;
  /** Offsets of blocks given back, for reuse. */
  readonly free: number[];
  /** The next offset never handed out. */
  fresh: number;
  used: number;
  /** In its class's list of slabs with a free block. */
  hasRoom: boolean;
};

/** The block size for a ring of `n` points: n rounded up to 16 (up to 256), 64 (up to 1,024) or 256. */
export function blockSizeFor(n: number): number {
  const g = n <= 256 ? 16 : n <= 1024 ? 64 : 256;
  return Math.max(g, Math.ceil(n / g) * g);
}

export class RingPool {
  private readonly classes = new Map<number, TSlab[]>();
  /** Bytes of slabs held (points in use or free), for the window-memory metric. */
  reservedBytes = 0;
  /** Slabs held. */
  slabs = 0;

  /** A block of at least `n` points: its slab and the offset of its first point. */
  alloc(n: number): { slab: TSlab; off: number } {
    const size = blockSizeFor(n);
    let room = this.classes.get(size);
    if (!room) this.classes.set(size, (room = []));
    let slab = room[room.length - 1];
    if (!slab) {
      const points = Math.max(size, Math.floor(SLAB_POINTS / size) * size);
      const buf = new ArrayBuffer(points * 8);
      slab = { ts: new Int32Array(buf), vals: new Float32Array(buf), points, blockSize: size, free: [], fresh: 0, used: 0, hasRoom: true };
      room.push(slab);
      this.reservedBytes += points * 8;
      this.slabs++;
    }
    const off = slab.free.length ? slab.free.pop()! : (slab.fresh += size) - size;
    slab.used++;
    if (!slab.free.length && slab.fresh === slab.points) {
      room.pop();
      slab.hasRoom = false;
    }
    return { slab, off };
  }

  /** Gives a block back; the caller must not touch it again. */
  release(slab: TSlab, off: number): void {
    slab.used--;
    const room = this.classes.get(slab.blockSize)!;
    if (slab.used === 0) {
      // Nothing left in it: let it go (the newest slab with room stays, for the next alloc).
      if (slab.hasRoom) {
        if (room[room.length - 1] === slab) {
          slab.free.length = 0;
          slab.fresh = 0;
          return;
        }
        room.splice(room.indexOf(slab), 1);
      }
      this.reservedBytes -= slab.points * 8;
      this.slabs--;
      return;
    }
    slab.free.push(off);
    if (!slab.hasRoom) {
      slab.hasRoom = true;
      room.unshift(slab); // allocations go to the newest slab first; older ones fill as rings give back
    }
  }
}
