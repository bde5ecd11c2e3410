// Keyboard moves on the board by column (issue 14, item 1). dnd-kit's KeyboardSensor moves the drag
// by a fixed offset in viewport pixels; when the columns scroll sideways (phones, tablets) the column
// under that point is not the next one, and after a few presses the point leaves every column. Here
// ← / → target the previous / next stage's droppable itself: it is scrolled into view first, its
// shape re-measured, and the drag point put at its centre, so each press moves exactly one column.
import { KeyboardSensor } from "@dnd-kit/dom";
import type { Stage } from "@/server/db/generated/enums";
import { STAGES } from "@/server/domain/stages/stages";

/** The stage `steps` columns away from `from` (clamped to the first and last stage). */
export function stageAfter(from: Stage, steps: number): Stage {
  const index = Math.min(STAGES.length - 1, Math.max(0, STAGES.indexOf(from) + steps));
  return STAGES[index]!;
}

/** KeyboardSensor whose left and right arrows move the drag one stage column (up and down as before). */
export class ColumnKeyboardSensor extends KeyboardSensor {
  /** The stage column the drag was last moved to (collisions are found a frame later: presses in
   * quick succession must count from the last press, not from the last detected target). */
  private column: Stage | null = null;

  /** Stops the collision detector choosing the target while this sensor drags: it measures the
   * columns while they scroll and picks the wrong one; here the target is the column itself. */
  private stopCollisions: (() => void) | null = null;

  protected override handleStart(...args: Parameters<KeyboardSensor["handleStart"]>): void {
    this.column = sourceStage(args[1].data);
    this.stopCollisions?.();
    this.stopCollisions = this.manager.monitor.addEventListener("collision", (event) => {
      if (this.column) event.preventDefault();
    });
    super.handleStart(...args);
    if (this.column && this.manager.dragOperation.status.dragging) void this.manager.actions.setDropTarget(this.column);
  }

  protected override cleanup(): void {
    this.stopCollisions?.();
    this.stopCollisions = null;
    this.column = null;
    super.cleanup();
  }

  protected override handleMove(direction: "up" | "down" | "left" | "right", event: KeyboardEvent): void {
    if (direction !== "left" && direction !== "right") return super.handleMove(direction, event);
    event.preventDefault();
    const { dragOperation, registry } = this.manager;
    const current = this.column ?? sourceStage(dragOperation.source?.data);
    if (!current) return;
    const next = stageAfter(current, direction === "right" ? 1 : -1);
    const droppable = registry.droppables.get(next);
    const element = droppable?.element;
    if (!droppable || !element) return;
    element.scrollIntoView({ behavior: "instant", block: "nearest", inline: "start" });
    // Scrolling moved every column: their shapes are read again now, not on the next frame.
    for (const each of registry.droppables) each.refreshShape();
    const rect = element.getBoundingClientRect();
    this.column = next;
    const y = Math.min(rect.bottom - 1, Math.max(rect.top + 1, dragOperation.position.current.y));
    this.manager.actions.move({ event, to: { x: rect.left + rect.width / 2, y } });
    void this.manager.actions.setDropTarget(next);
  }
}

function sourceStage(data: unknown): Stage | null {
  const stage = (data as { card?: { stage?: unknown } } | undefined)?.card?.stage;
  return (STAGES as readonly unknown[]).includes(stage) ? (stage as Stage) : null;
}
