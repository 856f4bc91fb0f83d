package io.jdefer.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Frame methods in shapes that stress the rewriter rather than the runtime (SPEC C4, C5): locals
 * past slot 255 (wide instructions), a 71-case dispatch, switch fall-through, {@code @Defer}
 * locals whose close throws, and frame methods in inner classes, enums and records.
 */
class FrameShapesTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;

            @Deferred
            public class Wide {
                static final class Res implements AutoCloseable {
                    final int n;
                    Res(int n) { this.n = n; }
                    public void close() { Trace.log("close " + n); if (n % 2 == 1) throw new IllegalStateException("close " + n); }
                }

                static double wideLocals(double seed, int n) {
                    double v0 = seed + 0;
                    double v1 = seed + 1;
                    double v2 = seed + 2;
                    double v3 = seed + 3;
                    double v4 = seed + 4;
                    double v5 = seed + 5;
                    double v6 = seed + 6;
                    double v7 = seed + 7;
                    double v8 = seed + 8;
                    double v9 = seed + 9;
                    double v10 = seed + 10;
                    double v11 = seed + 11;
                    double v12 = seed + 12;
                    double v13 = seed + 13;
                    double v14 = seed + 14;
                    double v15 = seed + 15;
                    double v16 = seed + 16;
                    double v17 = seed + 17;
                    double v18 = seed + 18;
                    double v19 = seed + 19;
                    double v20 = seed + 20;
                    double v21 = seed + 21;
                    double v22 = seed + 22;
                    double v23 = seed + 23;
                    double v24 = seed + 24;
                    double v25 = seed + 25;
                    double v26 = seed + 26;
                    double v27 = seed + 27;
                    double v28 = seed + 28;
                    double v29 = seed + 29;
                    double v30 = seed + 30;
                    double v31 = seed + 31;
                    double v32 = seed + 32;
                    double v33 = seed + 33;
                    double v34 = seed + 34;
                    double v35 = seed + 35;
                    double v36 = seed + 36;
                    double v37 = seed + 37;
                    double v38 = seed + 38;
                    double v39 = seed + 39;
                    double v40 = seed + 40;
                    double v41 = seed + 41;
                    double v42 = seed + 42;
                    double v43 = seed + 43;
                    double v44 = seed + 44;
                    double v45 = seed + 45;
                    double v46 = seed + 46;
                    double v47 = seed + 47;
                    double v48 = seed + 48;
                    double v49 = seed + 49;
                    double v50 = seed + 50;
                    double v51 = seed + 51;
                    double v52 = seed + 52;
                    double v53 = seed + 53;
                    double v54 = seed + 54;
                    double v55 = seed + 55;
                    double v56 = seed + 56;
                    double v57 = seed + 57;
                    double v58 = seed + 58;
                    double v59 = seed + 59;
                    double v60 = seed + 60;
                    double v61 = seed + 61;
                    double v62 = seed + 62;
                    double v63 = seed + 63;
                    double v64 = seed + 64;
                    double v65 = seed + 65;
                    double v66 = seed + 66;
                    double v67 = seed + 67;
                    double v68 = seed + 68;
                    double v69 = seed + 69;
                    double v70 = seed + 70;
                    double v71 = seed + 71;
                    double v72 = seed + 72;
                    double v73 = seed + 73;
                    double v74 = seed + 74;
                    double v75 = seed + 75;
                    double v76 = seed + 76;
                    double v77 = seed + 77;
                    double v78 = seed + 78;
                    double v79 = seed + 79;
                    double v80 = seed + 80;
                    double v81 = seed + 81;
                    double v82 = seed + 82;
                    double v83 = seed + 83;
                    double v84 = seed + 84;
                    double v85 = seed + 85;
                    double v86 = seed + 86;
                    double v87 = seed + 87;
                    double v88 = seed + 88;
                    double v89 = seed + 89;
                    double v90 = seed + 90;
                    double v91 = seed + 91;
                    double v92 = seed + 92;
                    double v93 = seed + 93;
                    double v94 = seed + 94;
                    double v95 = seed + 95;
                    double v96 = seed + 96;
                    double v97 = seed + 97;
                    double v98 = seed + 98;
                    double v99 = seed + 99;
                    double v100 = seed + 100;
                    double v101 = seed + 101;
                    double v102 = seed + 102;
                    double v103 = seed + 103;
                    double v104 = seed + 104;
                    double v105 = seed + 105;
                    double v106 = seed + 106;
                    double v107 = seed + 107;
                    double v108 = seed + 108;
                    double v109 = seed + 109;
                    double v110 = seed + 110;
                    double v111 = seed + 111;
                    double v112 = seed + 112;
                    double v113 = seed + 113;
                    double v114 = seed + 114;
                    double v115 = seed + 115;
                    double v116 = seed + 116;
                    double v117 = seed + 117;
                    double v118 = seed + 118;
                    double v119 = seed + 119;
                    double v120 = seed + 120;
                    double v121 = seed + 121;
                    double v122 = seed + 122;
                    double v123 = seed + 123;
                    double v124 = seed + 124;
                    double v125 = seed + 125;
                    double v126 = seed + 126;
                    double v127 = seed + 127;
                    double v128 = seed + 128;
                    double v129 = seed + 129;
                    double v130 = seed + 130;
                    double v131 = seed + 131;
                    double v132 = seed + 132;
                    double v133 = seed + 133;
                    double v134 = seed + 134;
                    double v135 = seed + 135;
                    double v136 = seed + 136;
                    double v137 = seed + 137;
                    double v138 = seed + 138;
                    double v139 = seed + 139;
                    double v140 = seed + 140;
                    double v141 = seed + 141;
                    double v142 = seed + 142;
                    double v143 = seed + 143;
                    double v144 = seed + 144;
                    double v145 = seed + 145;
                    double v146 = seed + 146;
                    double v147 = seed + 147;
                    double v148 = seed + 148;
                    double v149 = seed + 149;
                    double v150 = seed + 150;
                    double v151 = seed + 151;
                    double v152 = seed + 152;
                    double v153 = seed + 153;
                    double v154 = seed + 154;
                    double v155 = seed + 155;
                    double v156 = seed + 156;
                    double v157 = seed + 157;
                    double v158 = seed + 158;
                    double v159 = seed + 159;
                    double v160 = seed + 160;
                    double v161 = seed + 161;
                    double v162 = seed + 162;
                    double v163 = seed + 163;
                    double v164 = seed + 164;
                    double v165 = seed + 165;
                    double v166 = seed + 166;
                    double v167 = seed + 167;
                    double v168 = seed + 168;
                    double v169 = seed + 169;
                    double v170 = seed + 170;
                    double v171 = seed + 171;
                    double v172 = seed + 172;
                    double v173 = seed + 173;
                    double v174 = seed + 174;
                    double v175 = seed + 175;
                    double v176 = seed + 176;
                    double v177 = seed + 177;
                    double v178 = seed + 178;
                    double v179 = seed + 179;
                    double v180 = seed + 180;
                    double v181 = seed + 181;
                    double v182 = seed + 182;
                    double v183 = seed + 183;
                    double v184 = seed + 184;
                    double v185 = seed + 185;
                    double v186 = seed + 186;
                    double v187 = seed + 187;
                    double v188 = seed + 188;
                    double v189 = seed + 189;
                    double v190 = seed + 190;
                    double v191 = seed + 191;
                    double v192 = seed + 192;
                    double v193 = seed + 193;
                    double v194 = seed + 194;
                    double v195 = seed + 195;
                    double v196 = seed + 196;
                    double v197 = seed + 197;
                    double v198 = seed + 198;
                    double v199 = seed + 199;
                    double v200 = seed + 200;
                    double v201 = seed + 201;
                    double v202 = seed + 202;
                    double v203 = seed + 203;
                    double v204 = seed + 204;
                    double v205 = seed + 205;
                    double v206 = seed + 206;
                    double v207 = seed + 207;
                    double v208 = seed + 208;
                    double v209 = seed + 209;
                    double v210 = seed + 210;
                    double v211 = seed + 211;
                    double v212 = seed + 212;
                    double v213 = seed + 213;
                    double v214 = seed + 214;
                    double v215 = seed + 215;
                    double v216 = seed + 216;
                    double v217 = seed + 217;
                    double v218 = seed + 218;
                    double v219 = seed + 219;
                    double v220 = seed + 220;
                    double v221 = seed + 221;
                    double v222 = seed + 222;
                    double v223 = seed + 223;
                    double v224 = seed + 224;
                    double v225 = seed + 225;
                    double v226 = seed + 226;
                    double v227 = seed + 227;
                    double v228 = seed + 228;
                    double v229 = seed + 229;
                    double v230 = seed + 230;
                    double v231 = seed + 231;
                    double v232 = seed + 232;
                    double v233 = seed + 233;
                    double v234 = seed + 234;
                    double v235 = seed + 235;
                    double v236 = seed + 236;
                    double v237 = seed + 237;
                    double v238 = seed + 238;
                    double v239 = seed + 239;
                    double v240 = seed + 240;
                    double v241 = seed + 241;
                    double v242 = seed + 242;
                    double v243 = seed + 243;
                    double v244 = seed + 244;
                    double v245 = seed + 245;
                    double v246 = seed + 246;
                    double v247 = seed + 247;
                    double v248 = seed + 248;
                    double v249 = seed + 249;
                    double v250 = seed + 250;
                    double v251 = seed + 251;
                    double v252 = seed + 252;
                    double v253 = seed + 253;
                    double v254 = seed + 254;
                    double v255 = seed + 255;
                    double v256 = seed + 256;
                    double v257 = seed + 257;
                    double v258 = seed + 258;
                    double v259 = seed + 259;
                    double v260 = seed + 260;
                    double v261 = seed + 261;
                    double v262 = seed + 262;
                    double v263 = seed + 263;
                    double v264 = seed + 264;
                    double v265 = seed + 265;
                    double v266 = seed + 266;
                    double v267 = seed + 267;
                    double v268 = seed + 268;
                    double v269 = seed + 269;
                    double v270 = seed + 270;
                    double v271 = seed + 271;
                    double v272 = seed + 272;
                    double v273 = seed + 273;
                    double v274 = seed + 274;
                    double v275 = seed + 275;
                    double v276 = seed + 276;
                    double v277 = seed + 277;
                    double v278 = seed + 278;
                    double v279 = seed + 279;
                    double v280 = seed + 280;
                    double v281 = seed + 281;
                    double v282 = seed + 282;
                    double v283 = seed + 283;
                    double v284 = seed + 284;
                    double v285 = seed + 285;
                    double v286 = seed + 286;
                    double v287 = seed + 287;
                    double v288 = seed + 288;
                    double v289 = seed + 289;
                    double v290 = seed + 290;
                    double v291 = seed + 291;
                    double v292 = seed + 292;
                    double v293 = seed + 293;
                    double v294 = seed + 294;
                    double v295 = seed + 295;
                    double v296 = seed + 296;
                    double v297 = seed + 297;
                    double v298 = seed + 298;
                    double v299 = seed + 299;
                    for (int i = 0; i < n; i++) {
                        double w = v299 + i;
                        long l = (long) v150;
                        defer(() -> Trace.log(w + " " + l));
                    }
                    return v0 + v50 + v100 + v150 + v200 + v250;
                }

                static void closes(int n) {
                    for (int i = 0; i < n; i++) {
                        @Defer Res r = new Res(i);
                    }
                }

                static void seventyStaticOneDynamic(int n) {
                    defer(() -> Trace.log("s0"));
                    defer(() -> Trace.log("s1"));
                    defer(() -> Trace.log("s2"));
                    defer(() -> Trace.log("s3"));
                    defer(() -> Trace.log("s4"));
                    defer(() -> Trace.log("s5"));
                    defer(() -> Trace.log("s6"));
                    defer(() -> Trace.log("s7"));
                    defer(() -> Trace.log("s8"));
                    defer(() -> Trace.log("s9"));
                    defer(() -> Trace.log("s10"));
                    defer(() -> Trace.log("s11"));
                    defer(() -> Trace.log("s12"));
                    defer(() -> Trace.log("s13"));
                    defer(() -> Trace.log("s14"));
                    defer(() -> Trace.log("s15"));
                    defer(() -> Trace.log("s16"));
                    defer(() -> Trace.log("s17"));
                    defer(() -> Trace.log("s18"));
                    defer(() -> Trace.log("s19"));
                    defer(() -> Trace.log("s20"));
                    defer(() -> Trace.log("s21"));
                    defer(() -> Trace.log("s22"));
                    defer(() -> Trace.log("s23"));
                    defer(() -> Trace.log("s24"));
                    defer(() -> Trace.log("s25"));
                    defer(() -> Trace.log("s26"));
                    defer(() -> Trace.log("s27"));
                    defer(() -> Trace.log("s28"));
                    defer(() -> Trace.log("s29"));
                    defer(() -> Trace.log("s30"));
                    defer(() -> Trace.log("s31"));
                    defer(() -> Trace.log("s32"));
                    defer(() -> Trace.log("s33"));
                    defer(() -> Trace.log("s34"));
                    defer(() -> Trace.log("s35"));
                    defer(() -> Trace.log("s36"));
                    defer(() -> Trace.log("s37"));
                    defer(() -> Trace.log("s38"));
                    defer(() -> Trace.log("s39"));
                    defer(() -> Trace.log("s40"));
                    defer(() -> Trace.log("s41"));
                    defer(() -> Trace.log("s42"));
                    defer(() -> Trace.log("s43"));
                    defer(() -> Trace.log("s44"));
                    defer(() -> Trace.log("s45"));
                    defer(() -> Trace.log("s46"));
                    defer(() -> Trace.log("s47"));
                    defer(() -> Trace.log("s48"));
                    defer(() -> Trace.log("s49"));
                    defer(() -> Trace.log("s50"));
                    defer(() -> Trace.log("s51"));
                    defer(() -> Trace.log("s52"));
                    defer(() -> Trace.log("s53"));
                    defer(() -> Trace.log("s54"));
                    defer(() -> Trace.log("s55"));
                    defer(() -> Trace.log("s56"));
                    defer(() -> Trace.log("s57"));
                    defer(() -> Trace.log("s58"));
                    defer(() -> Trace.log("s59"));
                    defer(() -> Trace.log("s60"));
                    defer(() -> Trace.log("s61"));
                    defer(() -> Trace.log("s62"));
                    defer(() -> Trace.log("s63"));
                    defer(() -> Trace.log("s64"));
                    defer(() -> Trace.log("s65"));
                    defer(() -> Trace.log("s66"));
                    defer(() -> Trace.log("s67"));
                    defer(() -> Trace.log("s68"));
                    defer(() -> Trace.log("s69"));
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("d" + k));
                    }
                }

                static String fallThrough(String[] keys) {
                    StringBuilder b = new StringBuilder();
                    for (String key : keys) {
                        switch (key) {
                            case "a": defer(() -> Trace.log("case a")); break;
                            case "b": defer(() -> Trace.log("case b"));
                            default: defer(() -> Trace.log("default " + key));
                        }
                        b.append(key);
                    }
                    return b.toString();
                }

                final String name = "outer";
                class Inner {
                    int x = 5;
                    void run(int n) {
                        for (int i = 0; i < n; i++) {
                            int k = i;
                            defer(() -> Trace.log(name + " " + x + " " + k));
                        }
                    }
                }

                enum E {
                    A;
                    void go(int n) {
                        for (int i = 0; i < n; i++) {
                            int k = i;
                            defer(() -> Trace.log(name() + k));
                        }
                    }
                }

                record R(int a) {
                    void go(int n) {
                        for (int i = 0; i < n; i++) {
                            int k = i;
                            defer(() -> Trace.log("record " + a + " " + k));
                        }
                    }
                }
            }
            """;

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    static Compilation program() {
        return Programs.compile(PROGRAM, "AUTO");
    }

    static Object invoke(Class<?> owner, Object target, String name, Class<?> parameter, Object argument) throws Exception {
        Method method = owner.getDeclaredMethod(name, parameter);
        method.setAccessible(true);
        return method.invoke(target, argument);
    }

    @Test
    void capturesFromLocalsPastSlot255_C4() throws Throwable {
        double sum = 0;
        for (int i = 0; i < 300; i += 50) {
            sum += 1.0 + i;
        }
        assertEquals(sum, program().call("t.Wide", "wideLocals", 1.0, 2));
        assertEquals(List.of("301.0 151", "300.0 151"), Trace.take());
    }

    @Test
    void deferLocalsInALoop_whoseCloseThrows_S4_S9() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> program().call("t.Wide", "closes", 4));
        assertEquals(List.of("close 3", "close 2", "close 1", "close 0"), Trace.take());
        assertEquals("close 3", e.getMessage());
        assertEquals("close 1", e.getSuppressed()[0].getMessage());
    }

    @Test
    void seventyStaticSitesAndOneDynamic_shareOneLifoOrder_S2() throws Throwable {
        program().call("t.Wide", "seventyStaticOneDynamic", 2);
        List<String> want = new ArrayList<>(List.of("d1", "d0"));
        for (int i = 69; i >= 0; i--) {
            want.add("s" + i);
        }
        assertEquals(want, Trace.take());
    }

    @Test
    void switchFallThrough_inALoop_registersEachSiteItPasses_S2() throws Throwable {
        assertEquals("abc", program().call("t.Wide", "fallThrough", (Object) new String[] {"a", "b", "c"}));
        assertEquals(List.of("default c", "default b", "case b", "case a"), Trace.take());
    }

    @Test
    void innerClassesEnumsAndRecords_haveFrameMethods_S8() throws Throwable {
        Compilation c = program();
        Class<?> wide = c.load("t.Wide");
        Constructor<?> outer = wide.getDeclaredConstructor();
        outer.setAccessible(true);
        Class<?> inner = c.load("t.Wide$Inner");
        Constructor<?> innerConstructor = inner.getDeclaredConstructor(wide);
        innerConstructor.setAccessible(true);
        invoke(inner, innerConstructor.newInstance(outer.newInstance()), "run", int.class, 2);
        Class<?> e = c.load("t.Wide$E");
        invoke(e, e.getEnumConstants()[0], "go", int.class, 2);
        Class<?> r = c.load("t.Wide$R");
        Constructor<?> record = r.getDeclaredConstructor(int.class);
        record.setAccessible(true);
        invoke(r, record.newInstance(7), "go", int.class, 2);
        assertEquals(List.of("outer 5 1", "outer 5 0", "A1", "A0", "record 7 1", "record 7 0"), Trace.take());
    }
}
