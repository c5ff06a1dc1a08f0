import userEvent from "@testing-library/user-event";

/** Focus a field and paste `text` (one input event instead of one per key: much faster). */
export async function typeFast(element: Element, text: string): Promise<void> {
  await userEvent.click(element);
  await userEvent.paste(text);
}
