/** XML documents the kernel suite posts; hostile ones are the classic attacks. */
const NS = 'urn:govsim:selftest:echo:1';

export const XML_DOCUMENTS: Record<string, string> = {
  valid: `<?xml version="1.0" encoding="UTF-8"?>
<echo xmlns="${NS}" id="m-1">
  <organisation>00000099000000000501</organisation>
  <message>hello</message>
</echo>`,
  xxe: `<?xml version="1.0"?>
<!DOCTYPE echo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<echo xmlns="${NS}" id="m-2"><organisation>00000099000000000501</organisation><message>&xxe;</message></echo>`,
  'billion-laughs': `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<echo xmlns="${NS}" id="m-3"><organisation>00000099000000000501</organisation><message>&lol9;</message></echo>`,
  'schema-invalid': `<?xml version="1.0" encoding="UTF-8"?>
<echo xmlns="${NS}" id="m-4">
  <organisation>00000099000000000501</organisation>
  <organisation>123</organisation>
</echo>`,
};
