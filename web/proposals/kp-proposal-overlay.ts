/**
 * Over the map, for proposals: the form while proposing (kind, shape, place, species, count,
 * the server's verdict), else the open proposal's panel. Reads the proposals and session
 * slices and calls the proposals' actions; asks the map view only to clear its drawing and for
 * the point at its centre. Rendered into the light DOM so the shell's layout places the form and
 * the panel over the map (beside the panels on a desktop, a bottom sheet on a phone).
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Ref } from 'lit/directives/ref.js';
import type { CityDetail } from '../../server/api-types.ts';
import type { KpMapView } from '../map/kp-map-view.ts';
import type { Proposals, ProposalShape, SubmitDetail } from '../state/proposals.ts';
import { Watch } from '../state/store.ts';
import { lazyElement, needNow } from '../components/lazy-element.ts';

// The form and the panel come on first use, not with the first map (issue 13).
const form = lazyElement('kp-proposal-form', () => import('./kp-proposal-form.ts'));
const panel = lazyElement('kp-proposal-panel', () => import('./kp-proposal-panel.ts'));

/** What the overlay asks of the map view. */
export type ProposalMap = Pick<KpMapView, 'clearDrawing' | 'centre' | 'getBoundingClientRect'>;

@customElement('kp-proposal-overlay')
export class KpProposalOverlay extends LitElement {
  @property({ attribute: false }) proposals!: Proposals;
  @property({ attribute: false }) districts: CityDetail['districts'] = [];
  @property({ attribute: false }) map: Ref<ProposalMap> | null = null;
  private watching = false;

  protected createRenderRoot(): HTMLElement {
    return this;
  }

  connectedCallback(): void {
    super.connectedCallback();
    if (!this.watching && this.proposals) {
      this.watching = true;
      new Watch(this, this.proposals.slice);
      new Watch(this, this.proposals.session);
    }
  }

  protected willUpdate(): void {
    // Loaded on first use, the overlay is upgraded after the shell gave it the proposals: subscribe now.
    if (!this.watching && this.proposals) {
      this.watching = true;
      new Watch(this, this.proposals.slice);
      new Watch(this, this.proposals.session);
    }
  }

  render() {
    const pc = this.proposals;
    if (!pc) return nothing;
    const { proposing: p, selected: sel, setup } = pc.s;
    const map = this.map?.value;
    if (p && pc.kind) {
      needNow(form);
      return html`<kp-proposal-form
        .kind=${pc.kind}
        .kinds=${pc.kinds}
        .species=${setup?.species ?? []}
        .shape=${p.shape}
        ?placed=${Boolean(p.geometry)}
        .areaM2=${p.areaM2}
        .maxCount=${pc.maxCount()}
        ?needsNickname=${pc.needsNickname}
        ?busy=${p.busy}
        .error=${p.error}
        @shape-change=${(e: CustomEvent<{ shape: ProposalShape }>) => {
          map?.clearDrawing();
          pc.setShape(e.detail.shape);
        }}
        @kind-change=${(e: CustomEvent<{ kind: string }>) => {
          const shape = pc.s.proposing?.shape;
          pc.setKind(e.detail.kind);
          if (pc.s.proposing?.shape !== shape) map?.clearDrawing();
        }}
        @place-centre=${this.placeAtCentre}
        @redraw=${() => {
          map?.clearDrawing();
          pc.redraw();
        }}
        @proposal-submit=${(e: CustomEvent<SubmitDetail>) => void pc.submit(e.detail)}
      ></kp-proposal-form>`;
    }
    if (!sel) return nothing;
    const district = sel.detail?.properties.district;
    needNow(panel);
    return html`<kp-proposal-panel
      .selected=${sel}
      .kind=${pc.kindById(sel.detail?.properties.kind)}
      .districtName=${district ? this.districts.find((x) => x.id === district)?.name ?? null : null}
      ?canWithdraw=${pc.session.isMine(sel.id)}
      ?isPlanner=${pc.session.isPlanner}
      ?needsNickname=${pc.needsNickname}
      @panel-close=${() => pc.close()}
      @support-toggle=${(e: CustomEvent<{ on: boolean; nickname?: string }>) => void pc.toggleSupport(e.detail.on, e.detail.nickname)}
      @proposal-withdraw=${() => void pc.withdraw()}
    ></kp-proposal-panel>`;
  }

  /** The pin at the middle of the map; on a phone the form covers the lower 70%: the middle of what stays visible. */
  private placeAtCentre = () => {
    // The middle of the map's uncovered part (above the phone sheet, left of the form).
    const c = this.map?.value?.centre();
    if (c) this.proposals.placePoint(c);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-proposal-overlay': KpProposalOverlay;
  }
}
