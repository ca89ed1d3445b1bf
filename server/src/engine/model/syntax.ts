/** Small readers over tree-sitter's C and C++ trees, shared by the model builder. */
/**
 * The part of a tree node these readers use: met by web-tree-sitter's Node and by the model's copies
 * (syntaxTree.ts), so the editor features can use them on either.
 */
export interface NodeLike<N extends NodeLike<N>> {
  type: string;
  text: string;
  namedChildren: N[];
  childForFieldName(name: string): N | null;
  lastNamedChild: N | null;
  firstNamedChild: N | null;
}


/** The expression inside `( ... )` (C) or a condition clause (C++). */
export function unwrapCondition<N extends NodeLike<N>>(node: N | null): N | null {
  let n = node;
  while (n && (n.type === 'parenthesized_expression' || n.type === 'condition_clause')) {
    let inner: N | null;
    if (n.type === 'condition_clause') {
      inner = n.childForFieldName('value');
    } else {
      // The first named child is the expression unless a comment comes first (rare): no list is made.
      inner = n.firstNamedChild;
      if (inner?.type === 'comment') inner = n.namedChildren.find((c) => c.type !== 'comment') ?? null;
    }
    if (!inner) return n;
    n = inner;
  }
  return n;
}

/** The name a call calls: `f(...)`, `obj.f(...)`, `ns::f(...)`. */
/** C++'s named casts (`static_cast<DWORD>(x)`): a cast of their one operand, as `(DWORD)x` is; no call. */
export function isNamedCast<N extends NodeLike<N>>(call: N): boolean {
  const fn = call.childForFieldName('function');
  return fn?.type === 'template_function' && NAMED_CASTS.has(fn.childForFieldName('name')?.text ?? '');
}

const NAMED_CASTS = new Set(['static_cast', 'reinterpret_cast', 'const_cast', 'dynamic_cast']);

export function calleeName<N extends NodeLike<N>>(call: N): string | undefined {
  const fn = call.childForFieldName('function');
  return fn ? lastName(fn) : undefined;
}

export function lastName<N extends NodeLike<N>>(node: N): string | undefined {
  switch (node.type) {
    case 'identifier':
    case 'field_identifier':
    case 'type_identifier':
    case 'namespace_identifier':
      return node.text;
    case 'qualified_identifier':
      return lastName(node.childForFieldName('name') ?? node.lastNamedChild!);
    case 'field_expression':
      return node.childForFieldName('field')?.text;
    case 'template_function':
      return lastName(node.childForFieldName('name') ?? node.firstNamedChild!);
    case 'destructor_name':
    case 'operator_name':
      return node.text;
    default:
      return undefined;
  }
}

/** The identifier a declarator declares, through pointers, arrays, references and initialisers. */
export function declaredName<N extends NodeLike<N>>(declarator: N | null): N | null {
  let d = declarator;
  while (d) {
    if (d.type === 'identifier' || d.type === 'field_identifier') return d;
    if (d.type === 'qualified_identifier') return d.childForFieldName('name');
    const next: N | null = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c.type.endsWith('declarator') || c.type === 'identifier') ?? null;
    if (next === d) return null;
    d = next;
  }
  return null;
}

/** Whether a declarator declares a C++ reference (T &r, const T &r): the name stands for the argument itself. */
export function isReferenceDeclarator<N extends NodeLike<N>>(declarator: N | null): boolean {
  return declarator?.type === 'reference_declarator';
}

/** Whether a declarator declares a pointer (T *p, T *const p). */
export function isPointerDeclarator<N extends NodeLike<N>>(declarator: N | null): boolean {
  let d = declarator;
  while (d) {
    if (d.type === 'pointer_declarator') return true;
    if (d.type === 'identifier') return false;
    d = d.childForFieldName('declarator');
  }
  return false;
}

/** The call's arguments (read-only: often the argument list's own array of children). */
export function arguments_<N extends NodeLike<N>>(call: N): readonly N[] {
  const args = call.childForFieldName('arguments');
  if (!args) return [];
  const children = args.namedChildren;
  // A loop, not some(): this runs for every call of every trace.
  for (let i = 0; i < children.length; i++) if (children[i].type === 'comment') return children.filter((c) => c.type !== 'comment');
  return children;
}

/** `&x`, `x` or `(x)`: the variable a pointer argument designates. */
export function addressedVariable<N extends NodeLike<N>>(arg: N): string | undefined {
  let n: N | null = arg;
  while (n && n.type === 'parenthesized_expression') n = n.namedChildren[0] ?? null;
  if (!n) return undefined;
  if (n.type === 'pointer_expression' && n.childForFieldName('operator')?.text === '&') {
    const target = n.childForFieldName('argument');
    return target?.type === 'identifier' ? target.text : undefined;
  }
  if (n.type === 'identifier') return n.text;
  return undefined;
}

export function isStatement<N extends NodeLike<N>>(node: N): boolean {
  const t = node.type;
  return t.endsWith('_statement') || t === 'declaration' || t === 'compound_statement' || t === 'ERROR' || t.startsWith('preproc_');
}

/** The variable at the root of an lvalue: `p` in `p.Flags`, `p->x`, `(*p).y`, `a[i].z`. */
export function rootIdentifier<N extends NodeLike<N>>(node: N): string | undefined {
  let n: N | null = node;
  while (n) {
    if (n.type === 'identifier') return n.text;
    if (n.type === 'pointer_expression' || n.type === 'parenthesized_expression') n = n.lastNamedChild;
    else if (n.type === 'field_expression' || n.type === 'subscript_expression') n = n.childForFieldName('argument');
    else return undefined;
  }
  return undefined;
}
