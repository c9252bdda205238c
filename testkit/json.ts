/** Plans and JSON as tests build and edit them: freely, as a hand-written or broken plan would be. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests write plans the product reads as typed, broken ones too
export type Json = any;
