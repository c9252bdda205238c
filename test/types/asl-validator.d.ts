/** asl-validator ships no types: its default export, as its README documents it. */
declare module "asl-validator" {
  function validator(
    definition: unknown,
    options?: { checkPaths?: boolean; checkArn?: boolean },
  ): { isValid: boolean; errors: { message?: string; "Error code"?: string }[] };
  export = validator;
}
