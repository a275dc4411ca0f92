import { describe, expect, it } from 'vitest';
import { safeColor, textColorOn } from './color.ts';

describe('tag colours', () => {
  it('puts white text on dark chips and dark text on light ones', () => {
    expect(textColorOn('#2f6b3a')).toBe('#ffffff');
    expect(textColorOn('#6b46c1')).toBe('#ffffff');
    expect(textColorOn('#fde68a')).toBe('#111827');
    expect(textColorOn('#ffffff')).toBe('#111827');
  });

  it('replaces a malformed colour with the neutral one', () => {
    expect(safeColor('red')).toBe('#6b7280');
    expect(safeColor('#ABCDEF')).toBe('#abcdef');
    expect(safeColor('#abc')).toBe('#6b7280');
  });
});
