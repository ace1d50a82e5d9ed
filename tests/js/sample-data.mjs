// Bytes that break naive text handling: NUL, CR LF, invalid UTF-8.
export const binaryValue = Buffer.from([0, 1, 2, 13, 10, 0xff, 0xfe, 0x80, 0, 36, 42]);
