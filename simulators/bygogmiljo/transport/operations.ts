/**
 * The SOAP operations: read the payload element, call the domain, write the response
 * element. Each returns evidence data (ids, CVR, how the caller was authorised) for steps.
 */
import { rawXml, xml, type XmlElement, type XmlFragment } from '../../kernel/xml/index.ts';
import { current, type AddressPostal, type Application, type Besked, type BomState, type Caller, type KodeVaerdi, type ServiceMaalStatistik, type StoredDocument } from '../domain/index.ts';
import { BOM_NS, DOCUMENT_PATH_PREFIX } from './contract.ts';

const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export interface OperationContext { state: BomState; caller: Caller; baseUrl: string }
export interface OperationResult { body: XmlFragment; data: Record<string, unknown> }
type Handler = (payload: XmlElement, o: OperationContext) => OperationResult;

const el = (parent: XmlElement | undefined, name: string): XmlElement | undefined => parent?.child(name, BOM_NS);
const txt = (parent: XmlElement | undefined, name: string): string | undefined => {
  const e = el(parent, name);
  if (!e || e.attr('nil', XSI_NS) === 'true') return undefined;
  const v = e.text().trim();
  return v === '' ? undefined : v;
};
const strings = (parent: XmlElement | undefined, name: string): string[] =>
  el(parent, name)?.children('string', BOM_NS).map((e) => e.text().trim()).filter(Boolean) ?? [];

const documentUri = (baseUrl: string, d: StoredDocument) => `${baseUrl}${DOCUMENT_PATH_PREFIX}${d.sagId}/${d.dokumentId}`;

function address(a: AddressPostal): XmlFragment {
  return xml`<StreetName>${a.StreetName}</StreetName><StreetBuildingIdentifier>${a.StreetBuildingIdentifier}</StreetBuildingIdentifier>${a.FloorIdentifier ? xml`<FloorIdentifier>${a.FloorIdentifier}</FloorIdentifier>` : ''}${a.SuiteIdentifier ? xml`<SuiteIdentifier>${a.SuiteIdentifier}</SuiteIdentifier>` : ''}<PostCodeIdentifier>${a.PostCodeIdentifier}</PostCodeIdentifier><DistrictName>${a.DistrictName}</DistrictName>`;
}

function indsendelse(app: Application, docs: StoredDocument[], baseUrl: string): XmlFragment {
  const ansoegere = app.ansoegere.map((a) => xml`<Ansoeger><Navn>${a.Navn}</Navn><Rolle>${a.Rolle}</Rolle>${a.CprNummer ? xml`<CprNummer>${a.CprNummer}</CprNummer>` : ''}${a.CvrNummer ? xml`<CvrNummer>${a.CvrNummer}</CvrNummer>` : ''}<Adresse>${address(a.Adresse)}</Adresse>${a.Email ? xml`<Email>${a.Email}</Email>` : ''}</Ansoeger>`);
  const dokumenter = docs.map((d) => xml`<Dokument><DokumentId>${d.dokumentId}</DokumentId><Titel>${d.titel}</Titel><Filnavn>${d.filnavn}</Filnavn><MimeType>${d.mimeType}</MimeType><Stoerrelse>${d.size}</Stoerrelse><Sha256>${d.sha256}</Sha256>${d.dokumentationstype ? xml`<Dokumentationstype>${d.dokumentationstype}</Dokumentationstype>` : ''}<Uri>${documentUri(baseUrl, d)}</Uri></Dokument>`);
  const krav = app.krav.map((k) => xml`<Krav><Dokumentationstype>${k.Dokumentationstype}</Dokumentationstype><Kravstyrke>${k.Kravstyrke}</Kravstyrke><Opfyldt>${docs.some((d) => d.dokumentationstype === k.Dokumentationstype)}</Opfyldt></Krav>`);
  return xml`<IndsendelseID>${app.indsendelseId}</IndsendelseID><IndsendelseLoebenr>${app.loebenr}</IndsendelseLoebenr><IndsendelseDatoTid>${app.indsendtAt}</IndsendelseDatoTid><AnsoegningId>${app.ansoegningId}</AnsoegningId><MyndighedCvr>${app.myndighedCvr}</MyndighedCvr><BOMSag><BOMSagID>${app.sagId}</BOMSagID><BomNummer>${app.bomNummer}</BomNummer><SagOmraadeKode>${app.sagOmraade}</SagOmraadeKode><SagTypeKode>${app.sagType}</SagTypeKode><Titel>${app.titel}</Titel><TilknyttetAnsoegerListe>${ansoegere}</TilknyttetAnsoegerListe><DokumentUploadUri>${baseUrl}${DOCUMENT_PATH_PREFIX}${app.sagId}/</DokumentUploadUri></BOMSag><Ejendom><Adresse>${address(app.ejendom.adresse)}</Adresse>${app.ejendom.matrikelnummer ? xml`<Matrikelnummer>${app.ejendom.matrikelnummer}</Matrikelnummer>` : ''}</Ejendom><Beskrivelse>${app.beskrivelse}</Beskrivelse><Dokumenter>${dokumenter}</Dokumenter><Dokumentationskrav>${krav}</Dokumentationskrav>`;
}

const serviceMaal = (s: ServiceMaalStatistik): XmlFragment =>
  xml`<ServiceMaalDage>${s.ServiceMaalDage}</ServiceMaalDage><StartDato>${s.StartDato}</StartDato><ForventetAfslutning>${s.ForventetAfslutning}</ForventetAfslutning><Status>${s.Status}</Status><BrugteDage>${s.BrugteDage}</BrugteDage>`;

function besked(b: Besked): XmlFragment {
  const base = xml`<BeskedId>${b.beskedId}</BeskedId><Tidspunkt>${b.tidspunkt}</Tidspunkt><MyndighedCvr>${b.myndighedCvr}</MyndighedCvr>`;
  switch (b.type) {
    case 'AnsoegningIndsendtBesked': return xml`<AnsoegningIndsendtBesked>${base}<AnsoegningId>${b.ansoegningId}</AnsoegningId></AnsoegningIndsendtBesked>`;
    case 'FristOverskridelseBesked': return xml`<FristOverskridelseBesked>${base}<SagId>${b.sagId}</SagId><Frist>${b.frist}</Frist></FristOverskridelseBesked>`;
    case 'SagStatusSkiftBesked': return xml`<SagStatusSkiftBesked>${base}<SagId>${b.sagId}</SagId><SagStatusId>${b.sagStatusId}</SagStatusId></SagStatusSkiftBesked>`;
  }
}

const koder = (list: KodeVaerdi[]): XmlFragment => xml`${list.map((k) => xml`<KodeVaerdi><Kode>${k.Kode}</Kode><VisningNavn>${k.VisningNavn}</VisningNavn></KodeVaerdi>`)}`;

export const OPERATIONS: Record<string, Handler> = {
  LaesAnsoegningOversigt(p, { state, caller }) {
    const myndighedCvr = txt(p, 'myndighedCvr');
    const ids = state.laesAnsoegningOversigt(caller, {
      myndighedCvr, fromDate: txt(p, 'fromDate'), toDate: txt(p, 'toDate'), sagOmraader: strings(p, 'sagOmraader'), sagTyper: strings(p, 'sagTyper'),
    });
    return {
      body: response('LaesAnsoegningOversigt', xml`<LaesAnsoegningOversigtResult>${ids.map((id) => xml`<string>${id}</string>`)}</LaesAnsoegningOversigtResult>`),
      data: { myndighedCvr, ansoegningIds: ids },
    };
  },
  LaesAnsoegning(p, { state, caller, baseUrl }) {
    const myndighedCvr = txt(p, 'myndighedCvr');
    const ansoegningId = txt(p, 'ansoegningId') ?? '';
    const r = state.laesAnsoegning(caller, myndighedCvr, ansoegningId);
    return {
      body: response('LaesAnsoegning', xml`<LaesAnsoegningResult>${indsendelse(r.application, r.documents, baseUrl)}</LaesAnsoegningResult><serviceMaalStatistik>${serviceMaal(r.serviceMaal)}</serviceMaalStatistik>`),
      data: { myndighedCvr, ansoegningId: r.application.ansoegningId, sagId: r.application.sagId, bomNummer: r.application.bomNummer, via: r.access.via },
    };
  },
  BesvarAnsoegning(p, { state, caller }) {
    const b = el(p, 'besvarelse');
    const docs = el(b, 'Dokumenter')?.children('Dokument', BOM_NS).map((d) => ({
      DokumentId: txt(d, 'DokumentId') ?? '', Titel: txt(d, 'Titel') ?? '', Filnavn: txt(d, 'Filnavn') ?? '', MimeType: txt(d, 'MimeType') ?? '',
    })) ?? [];
    const input = {
      MyndighedCvr: txt(b, 'MyndighedCvr') ?? '', AnsoegningId: txt(b, 'AnsoegningId') ?? '', BesvarelseKode: txt(b, 'BesvarelseKode') ?? '',
      AfgoerelseKode: txt(b, 'AfgoerelseKode'), SagStatusKode: txt(b, 'SagStatusKode'), FaseKode: txt(b, 'FaseKode'), Tekst: txt(b, 'Tekst'), Dokumenter: docs,
    };
    const r = state.besvarAnsoegning(caller, input);
    return {
      body: response('BesvarAnsoegning', xml`<BesvarAnsoegningResult><SagId>${r.sagId}</SagId><SagStatusId>${r.sagStatusId}</SagStatusId></BesvarAnsoegningResult>`),
      data: { myndighedCvr: input.MyndighedCvr, ansoegningId: input.AnsoegningId, sagId: r.sagId, sagStatusId: r.sagStatusId, besvarelseKode: input.BesvarelseKode, afgoerelseKode: input.AfgoerelseKode, dokumentIds: r.besvarelse.dokumentIds, via: r.besvarelse.via },
    };
  },
  OpdaterSagServiceMaal(p, { state, caller }) {
    const o = el(p, 'opdater');
    const dage = txt(o, 'ServiceMaalDage');
    const input = { MyndighedCvr: txt(o, 'MyndighedCvr'), SagId: txt(o, 'SagId') ?? '', Handling: txt(o, 'Handling') ?? '', ...(dage ? { ServiceMaalDage: Number(dage) } : {}) };
    const r = state.opdaterSagServiceMaal(caller, input);
    return { body: response('OpdaterSagServiceMaal', xml`<OpdaterSagServiceMaalResult>${serviceMaal(r)}</OpdaterSagServiceMaalResult>`), data: { myndighedCvr: input.MyndighedCvr, sagId: input.SagId, handling: input.Handling, serviceMaal: r } };
  },
  GetSecurityToken(p, { state, caller }) {
    const myndighedCvr = txt(p, 'myndighedCvr');
    const parts = state.issueSecurityToken(caller, myndighedCvr);
    return {
      body: response('GetSecurityToken', xml`<GetSecurityTokenResult>${parts.map((t) => xml`<FederationTokenPart><Name>${t.Name}</Name><Value>${t.Value}</Value></FederationTokenPart>`)}</GetSecurityTokenResult>`),
      data: { myndighedCvr, tokenParts: parts.map((t) => t.Name) },
    };
  },
  LaesSagStatus(p, { state, caller }) {
    const myndighedCvr = txt(p, 'myndighedCvr');
    const r = state.laesSagStatus(caller, myndighedCvr, txt(p, 'sagId') ?? '', txt(p, 'sagStatusId'));
    const s = r.status;
    return {
      body: response('LaesSagStatus', xml`<LaesSagStatusResult><SagId>${r.sag.sagId}</SagId><SagStatusId>${s.sagStatusId}</SagStatusId><SagStatusKode>${s.statusKode}</SagStatusKode><FaseKode>${s.faseKode}</FaseKode><InitiativPligtKode>${s.initiativ}</InitiativPligtKode><Tidspunkt>${s.tidspunkt}</Tidspunkt>${s.afgoerelse ? xml`<AfgoerelseKode>${s.afgoerelse}</AfgoerelseKode>` : ''}${s.tekst ? xml`<Tekst>${s.tekst}</Tekst>` : ''}</LaesSagStatusResult>`),
      data: { myndighedCvr, sagId: r.sag.sagId, sagStatusId: s.sagStatusId, requestedSagStatusId: txt(p, 'sagStatusId') ?? null, sagStatusKode: s.statusKode, faseKode: s.faseKode, current: current(r.sag).sagStatusId === s.sagStatusId },
    };
  },
  HentBeskeder(p, { state, caller }) {
    const req = el(p, 'request');
    const myndighedCvr = txt(req, 'MyndighedCvr');
    const hwIn = txt(req, 'HighWatermark');
    const r = state.hentBeskeder(caller, myndighedCvr, hwIn);
    const hw = r.highWatermark ? xml`<HighWatermark>${r.highWatermark}</HighWatermark>` : xml`<HighWatermark xmlns:i="${XSI_NS}" i:nil="true"/>`;
    return {
      body: response('HentBeskeder', xml`<HentBeskederResult>${hw}<Beskeder>${r.beskeder.map(besked)}</Beskeder></HentBeskederResult>`),
      data: {
        myndighedCvr, highWatermarkIn: hwIn ?? null, highWatermarkOut: r.highWatermark ?? null,
        beskeder: r.beskeder.map((b) => ({ beskedId: b.beskedId, type: b.type, ansoegningId: b.ansoegningId, sagId: b.sagId, sagStatusId: b.sagStatusId })),
      },
    };
  },
  GetBasisKonfiguration(_p, { state, caller }) {
    const k = state.basisKonfiguration(caller);
    const profiler = k.FristNotifikationProfiler.map((f) => xml`<FristNotifikationProfil><Kode>${f.Kode}</Kode><Navn>${f.Navn}</Navn><Frister>${f.Frister.map((d) => xml`<int>${d}</int>`)}</Frister></FristNotifikationProfil>`);
    const typer = k.SagTyper.map((t) => xml`<SagType><Kode>${t.Kode}</Kode><VisningNavn>${t.VisningNavn}</VisningNavn><SagOmraadeKode>${t.SagOmraadeKode}</SagOmraadeKode></SagType>`);
    return {
      body: response('GetBasisKonfiguration', xml`<GetBasisKonfigurationResult><FristNotifikationProfiler>${profiler}</FristNotifikationProfiler><KonfliktGrupper>${koder(k.KonfliktGrupper)}</KonfliktGrupper><Kort>${koder(k.Kort)}</Kort><SagFaser>${koder(k.SagFaser)}</SagFaser><SagOmraader>${koder(k.SagOmraader)}</SagOmraader><SagStatusTyper>${koder(k.SagStatusTyper)}</SagStatusTyper><SagTyper>${typer}</SagTyper></GetBasisKonfigurationResult>`),
      data: {},
    };
  },
};

/** `<OpResponse xmlns="…">inner</OpResponse>`; op comes from the fixed operation table, never from input. */
function response(op: string, inner: XmlFragment): XmlFragment {
  return xml`${rawXml(`<${op}Response xmlns="${BOM_NS}">`)}${inner}${rawXml(`</${op}Response>`)}`;
}
